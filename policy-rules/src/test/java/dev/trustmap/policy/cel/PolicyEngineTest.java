package dev.trustmap.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyOutcome.Kind;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private final PolicyEngine engine = new PolicyEngine();

    private static PolicyDefinition component(String expression) {
        return new PolicyDefinition("p", "", expression, Severity.WARN, PolicyTarget.COMPONENT, PolicyScope.ALL, "m {pkg.name}");
    }

    private static List<PolicyIssue> issues(ThrowingCompile compile) {
        try {
            compile.run();
        } catch (PolicyCompileException e) {
            return e.issues();
        }
        throw new AssertionError("expected a compile error");
    }

    private interface ThrowingCompile {
        void run() throws PolicyCompileException;
    }

    private PolicyOutcome run(String expression) throws PolicyCompileException {
        ComponentContext c = Contexts.clean();
        return engine.compile(component(expression)).evaluate(c, PolicyEngine.activation(c));
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        List<PolicyIssue> issues = issues(() -> engine.compile(component("scores.provenance <\n  && true")));
        assertThat(issues).isNotEmpty();
        assertThat(issues.get(0).field()).isEqualTo("expression");
        assertThat(issues.get(0).line()).isEqualTo(2);
        assertThat(issues.get(0).column()).isGreaterThan(0);
    }

    @Test
    void unknownFieldsOfTheTypedContextAreCompileErrorsWithPosition() {
        List<PolicyIssue> issues = issues(() -> engine.compile(component("pkg.name == 'x' ||\n pkg.nmae == 'y'")));
        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.message()).contains("no field 'nmae' in pkg").contains("purl, ecosystem, namespace, name");
            assertThat(i.line()).isEqualTo(2);
            assertThat(i.column()).isEqualTo(5);
        });
        assertThat(issues(() -> engine.compile(component("events.exists(e, e.knd == 'deprecated')"))))
                .singleElement().satisfies(i -> assertThat(i.message()).contains("no field 'knd' in an item of events"));
        assertThat(issues(() -> engine.compile(component("has(scores.grd)"))))
                .singleElement().satisfies(i -> assertThat(i.message()).contains("no field 'grd'"));
    }

    @Test
    void variablesOfTheOtherTargetAreUndeclared() {
        assertThat(issues(() -> engine.compile(component("contract.mode == 'sync'"))))
                .singleElement().satisfies(i -> assertThat(i.message()).contains("undeclared reference").contains("contract")
                        .contains("may read: events, evidence, pkg, review, scores, service, version"));
    }

    @Test
    void theExpressionMustBeBoolean() {
        assertThat(issues(() -> engine.compile(component("scores.provenance + 1")))).isNotEmpty();
        assertThat(issues(() -> engine.compile(component("'text'")))).isNotEmpty();
    }

    @Test
    void messagePlaceholdersAreChecked() {
        var definition = new PolicyDefinition("p", "", "true", Severity.INFO, PolicyTarget.COMPONENT, PolicyScope.ALL,
                "{pkg.purl} has {scores.grad} and {contract.name}");
        List<PolicyIssue> issues = issues(() -> engine.compile(definition));
        assertThat(issues).extracting(PolicyIssue::field).containsOnly("message");
        assertThat(issues).extracting(PolicyIssue::message).anySatisfy(m -> assertThat(m).contains("no field 'grad'"))
                .anySatisfy(m -> assertThat(m).contains("'contract' is not one of"));
    }

    @Test
    void aRuntimeErrorIsAnErrorNeverAPass() throws PolicyCompileException {
        PolicyOutcome outcome = run("int(pkg.name) > 3");
        assertThat(outcome.kind()).isEqualTo(Kind.ERROR);
        assertThat(outcome.message()).startsWith("evaluation failed");
        assertThat(run("pkg.name == 'left-pad' && scores.provenance > 50").kind()).isEqualTo(Kind.VIOLATION);
        assertThat(run("pkg.name == 'left-pad' && scores.provenance > 90").kind()).isEqualTo(Kind.PASS);
    }

    @Test
    void expensiveComprehensionsAreCutOffByTheCostLimit() throws PolicyCompileException {
        String hundred = IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        long started = System.nanoTime();
        PolicyOutcome outcome = run(hundred + ".all(a, " + hundred + ".all(b, " + hundred + ".all(c, a + b + c >= 0)))");
        assertThat(outcome.kind()).isEqualTo(Kind.ERROR);
        assertThat(outcome.message()).containsIgnoringCase("iteration");
        assertThat(System.nanoTime() - started).as("cut off, not run to the end").isLessThan(5_000_000_000L);
        String fifty = IntStream.range(0, 50).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        assertThat(run(fifty + ".all(a, " + fifty + ".all(b, a + b >= 0))").kind()).as("2,550 iterations are allowed").isEqualTo(Kind.VIOLATION);
    }

    @Test
    void deepNestingAndHugeExpressionsAreRejectedAtCompileTime() {
        String deep = "(".repeat(200) + "true" + ")".repeat(200);
        assertThat(issues(() -> engine.compile(component(deep)))).isNotEmpty();
        String huge = "pkg.name == '" + "x".repeat(5000) + "'";
        assertThat(issues(() -> engine.compile(component(huge)))).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("at most 4096"));
        String manyNodes = IntStream.range(0, 1200).mapToObj(i -> "true").collect(Collectors.joining(" && "));
        assertThat(issues(() -> engine.compile(component(manyNodes)))).isNotEmpty();
    }

    @Test
    void hugeStringsInMessagesAreCut() throws PolicyCompileException {
        ComponentContext c = Contexts.clean();
        ComponentContext big = new ComponentContext(new PolicyFacts.PackageFacts("pkg:npm/x", "npm", "", "x".repeat(100_000)),
                c.version(), c.evidence(), c.scores(), c.events(), c.review(), c.service());
        PolicyOutcome outcome = engine.compile(component("size(pkg.name) > 10")).evaluate(big, PolicyEngine.activation(big));
        assertThat(outcome.kind()).isEqualTo(Kind.VIOLATION);
        assertThat(outcome.message().length()).isLessThanOrEqualTo(PolicyEngine.MAX_RESULT_STRING + 1);
    }

    @Test
    void scopesLimitWherePoliciesApply() throws PolicyCompileException {
        ComponentContext c = Contexts.clean();
        var services = new PolicyDefinition("p", "", "true", Severity.INFO, PolicyTarget.COMPONENT,
                new PolicyScope("services", List.of("other")), "m");
        assertThat(engine.compile(services).evaluate(c, PolicyEngine.activation(c)).kind()).isEqualTo(Kind.NOT_APPLICABLE);
        var ecosystem = new PolicyDefinition("p", "", "true", Severity.INFO, PolicyTarget.COMPONENT,
                new PolicyScope("ecosystem", List.of("npm")), "m");
        assertThat(engine.compile(ecosystem).evaluate(c, PolicyEngine.activation(c)).kind()).isEqualTo(Kind.VIOLATION);
        assertThatThrownBy(() -> new PolicyScope("galaxy", List.of())).hasMessageContaining("scope.kind");
        assertThatThrownBy(() -> new PolicyScope("tier", List.of())).hasMessageContaining("scope.values");
    }

    @Test
    void policiesThatDoNotReadEvidenceAreEvaluatedWhileItIsPending() throws PolicyCompileException {
        ComponentContext pending = Contexts.pending();
        CompiledPolicy byName = engine.compile(component("pkg.name == 'left-pad'"));
        assertThat(byName.needsEvidence()).isFalse();
        assertThat(byName.evaluate(pending, PolicyEngine.activation(pending)).kind()).isEqualTo(Kind.VIOLATION);
        CompiledPolicy byGrade = engine.compile(component("scores.grade == 'F'"));
        assertThat(byGrade.reads()).containsExactly("scores");
        assertThat(byGrade.evaluate(pending, PolicyEngine.activation(pending)).kind()).isEqualTo(Kind.PENDING);
    }
}
