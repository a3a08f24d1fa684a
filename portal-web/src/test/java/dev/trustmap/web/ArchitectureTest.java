package dev.trustmap.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of the style guide, checked on the compiled classes of every module. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // in a reactor build the other modules are on the class path as jars or as target/classes folders
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("dev/trustmap"))
                .importPackages("dev.trustmap");
    }

    @Test
    void importsEveryModule() {
        for (String pkg : new String[] {"dev.trustmap.scanner", "dev.trustmap.database", "dev.trustmap.api", "dev.trustmap.web"}) {
            org.assertj.core.api.Assertions.assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of " + pkg + " imported").isTrue();
        }
    }

    @Test
    void policyRulesDependOnNothingElse() {
        noClasses().that().resideInAPackage("dev.trustmap.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trustmap.scanner..", "dev.trustmap.database..",
                        "dev.trustmap.api..", "dev.trustmap.web..", "jakarta..", "java.sql..", "java.net..", "java.io..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void scannerDependsOnlyOnPolicyRules() {
        noClasses().that().resideInAPackage("dev.trustmap.scanner..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trustmap.database..", "dev.trustmap.api..",
                        "dev.trustmap.web..", "jakarta.persistence..", "jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void databaseNeverReachesUp() {
        noClasses().that().resideInAPackage("dev.trustmap.database..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trustmap.scanner..", "dev.trustmap.api..",
                        "dev.trustmap.web..", "jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void apiNeverReachesTheWebModule() {
        noClasses().that().resideInAPackage("dev.trustmap.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trustmap.web..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void jpaStaysInTheDatabaseModule() {
        noClasses().that().resideOutsideOfPackage("dev.trustmap.database..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..")
                .check(classes);
    }

    @Test
    void entitiesNeverLeaveThroughResources() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat(JavaClass.Predicates.simpleNameEndingWith("Entity")
                        .and(JavaClass.Predicates.resideInAPackage("dev.trustmap.."))); // our JPA entities, not Jersey's BodyPartEntity
        rule.check(classes);
        noClasses().that().resideInAPackage("..model..")
                .should().dependOnClassesThat().resideInAPackage("dev.trustmap.database..")
                .check(classes);
    }

    @Test
    void servicesAndRepositoriesKnowNothingOfHttp() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Repository")
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void everyResourceMethodDeclaresWhoMayCallIt() {
        methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Resource")
                .or().areDeclaredInClassesThat().haveSimpleNameEndingWith("Page")
                .and().arePublic()
                .and().areAnnotatedWith(jakarta.ws.rs.GET.class)
                .or().areAnnotatedWith(jakarta.ws.rs.POST.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PUT.class)
                .or().areAnnotatedWith(jakarta.ws.rs.DELETE.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PATCH.class)
                .should().beAnnotatedWith(RolesAllowed.class).orShould().beAnnotatedWith(PermitAll.class)
                .check(classes);
    }

    @Test
    void onlyHealthMetricsTheOpenApiDocumentAndStaticPagesAreOpen() {
        methods().that().areAnnotatedWith(PermitAll.class)
                .should().beDeclaredInClassesThat().haveSimpleNameEndingWith("HealthResource")
                .orShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("MetricsResource")
                .orShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("OpenApiResource")
                .orShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("HomePage")
                .check(classes);
    }

    /**
     * JAX-RS picks the root resource with the longest literal prefix and never backtracks, so a
     * resource rooted at {@code /api/v1} would lose {@code /api/v1/services/...} to one rooted at
     * {@code /api/v1/services}. Every resource method must be reachable through its own class.
     */
    @Test
    void everyEndpointIsRoutedToTheClassThatDeclaresIt() {
        java.util.Map<String, String> roots = new java.util.HashMap<>();
        java.util.List<String[]> endpoints = new java.util.ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : classes) {
            if (!c.isAnnotatedWith(jakarta.ws.rs.Path.class)) {
                continue;
            }
            String root = c.getAnnotationOfType(jakarta.ws.rs.Path.class).value();
            roots.put(c.getName(), normalise(root));
            for (com.tngtech.archunit.core.domain.JavaMethod m : c.getMethods()) {
                String sub = m.isAnnotatedWith(jakarta.ws.rs.Path.class) ? m.getAnnotationOfType(jakarta.ws.rs.Path.class).value() : "";
                endpoints.add(new String[] {c.getName(), example(normalise(root) + "/" + sub)});
            }
        }
        for (String[] endpoint : endpoints) {
            String winner = null;
            int best = -1;
            for (var root : roots.entrySet()) {
                String regex = root.getValue().replaceAll("\\{[^}]*\\}", "[^/]+");
                if (endpoint[1].matches(regex + "(/.*)?")) {
                    int literal = root.getValue().replaceAll("\\{[^}]*\\}", "").length();
                    if (literal > best) {
                        best = literal;
                        winner = root.getKey();
                    }
                }
            }
            org.assertj.core.api.Assertions.assertThat(winner).as("route of " + endpoint[1] + " declared in " + endpoint[0])
                    .isEqualTo(endpoint[0]);
        }
    }

    private static String normalise(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
    }

    private static String example(String template) {
        String path = template.replaceAll("\\{[^:}]*:[^}]*\\}", "pkg:npm/x").replaceAll("\\{[^}]*\\}", "x")
                .replaceAll("/+", "/").replaceAll("/$", "");
        return path.isEmpty() ? "/" : path;
    }
}
