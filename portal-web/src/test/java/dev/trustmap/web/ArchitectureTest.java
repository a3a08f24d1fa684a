package dev.trustmap.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Entity");
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
    void onlyHealthMetricsAndStaticPagesAreOpen() {
        methods().that().areAnnotatedWith(PermitAll.class)
                .should().beDeclaredInClassesThat().haveSimpleNameEndingWith("HealthResource")
                .orShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("MetricsResource")
                .orShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("HomePage")
                .check(classes);
    }
}
