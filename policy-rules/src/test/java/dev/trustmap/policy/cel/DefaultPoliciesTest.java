package dev.trustmap.policy.cel;

import static dev.trustmap.policy.cel.Contexts.CRITICAL;
import static dev.trustmap.policy.cel.Contexts.STANDARD;
import static dev.trustmap.policy.cel.Contexts.clean;
import static dev.trustmap.policy.cel.Contexts.event;
import static dev.trustmap.policy.cel.Contexts.evidence;
import static dev.trustmap.policy.cel.Contexts.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.ReviewFacts;
import dev.trustmap.policy.cel.PolicyFacts.ScoreFacts;
import dev.trustmap.policy.cel.PolicyOutcome.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every default rule, on contexts that must violate it and on contexts that must not. */
class DefaultPoliciesTest {
    private static final Map<String, CompiledPolicy> POLICIES = new HashMap<>();
    private static final ReviewFacts APPROVED = new ReviewFacts("approved", true, false, "bob", "checked the scripts");
    private static final ReviewFacts REJECTED = new ReviewFacts("rejected", false, true, "bob", "typosquat");

    @BeforeAll
    static void compile() throws PolicyCompileException {
        PolicyEngine engine = new PolicyEngine();
        for (PolicyDefinition definition : DefaultPolicies.all()) {
            POLICIES.put(definition.name(), engine.compile(definition));
        }
    }

    static Stream<Arguments> cases() {
        ComponentContext clean = clean();
        return Stream.of(
                Arguments.of("critical-low-provenance", with(clean, new ScoreFacts(39, 90, "D", "m")), Kind.VIOLATION),
                Arguments.of("critical-low-provenance", with(clean, new ScoreFacts(40, 90, "C", "m")), Kind.PASS),
                Arguments.of("critical-low-provenance", with(with(clean, new ScoreFacts(10, 90, "F", "m")), STANDARD), Kind.NOT_APPLICABLE),
                Arguments.of("publisher-changed-unreviewed", with(clean, List.of(event("publisher-changed", true, 3))), Kind.VIOLATION),
                Arguments.of("publisher-changed-unreviewed", with(clean, List.of(event("publisher-changed", true, 31))), Kind.PASS),
                Arguments.of("publisher-changed-unreviewed", with(clean, List.of(event("publisher-changed", false, 3))), Kind.PASS),
                Arguments.of("publisher-changed-unreviewed", with(with(clean, List.of(event("publisher-changed", true, 3))), APPROVED), Kind.PASS),
                Arguments.of("npm-install-scripts-unapproved", with(clean, evidence(false, false, true, false, true, true)), Kind.VIOLATION),
                Arguments.of("npm-install-scripts-unapproved", with(with(clean, evidence(false, false, true, false, true, true)), APPROVED), Kind.PASS),
                Arguments.of("npm-install-scripts-unapproved", Contexts.maven(with(clean, evidence(false, false, true, false, true, true))), Kind.NOT_APPLICABLE),
                Arguments.of("deprecated-package", with(clean, evidence(false, true, false, false, true, true)), Kind.VIOLATION),
                Arguments.of("deprecated-package", clean, Kind.PASS),
                Arguments.of("provenance-regression", with(clean, evidence(false, false, false, true, false, false)), Kind.VIOLATION),
                Arguments.of("provenance-regression", with(clean, evidence(false, false, false, true, true, true)), Kind.PASS),
                Arguments.of("provenance-regression", with(clean, evidence(false, false, false, false, false, false)), Kind.PASS),
                Arguments.of("provenance-invalid", with(clean, List.of(event("provenance-invalid", true, 400))), Kind.VIOLATION),
                Arguments.of("provenance-invalid", with(clean, List.of(event("provenance-invalid", false, 1))), Kind.PASS),
                Arguments.of("provenance-invalid", with(with(clean, List.of(event("provenance-invalid", true, 1))), APPROVED), Kind.PASS),
                Arguments.of("registry-hash-mismatch", with(clean, evidence(true, false, false, false, true, true)), Kind.VIOLATION),
                Arguments.of("registry-hash-mismatch", clean, Kind.PASS),
                Arguments.of("rejected-review", with(clean, REJECTED), Kind.VIOLATION),
                Arguments.of("rejected-review", with(clean, APPROVED), Kind.PASS),
                Arguments.of("rejected-review", Contexts.pending(), Kind.PASS));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void componentRule(String policy, ComponentContext context, Kind expected) {
        PolicyOutcome outcome = POLICIES.get(policy).evaluate(context, PolicyEngine.activation(context));
        assertThat(outcome.kind()).isEqualTo(expected);
        if (expected == Kind.VIOLATION) {
            assertThat(outcome.message()).contains(context.version().purl()).doesNotContain("{");
        }
    }

    @Test
    void rulesThatReadEvidenceArePendingUntilItIsCollected() {
        ComponentContext pending = Contexts.pending();
        for (String name : List.of("critical-low-provenance", "publisher-changed-unreviewed", "deprecated-package",
                "provenance-regression", "provenance-invalid", "registry-hash-mismatch", "npm-install-scripts-unapproved")) {
            assertThat(POLICIES.get(name).evaluate(pending, PolicyEngine.activation(pending)).kind()).as(name).isEqualTo(Kind.PENDING);
        }
    }

    @Test
    void criticalSyncDependencyNeedsDegradedBehaviourAndFallback() {
        CompiledPolicy policy = POLICIES.get("critical-sync-dependency-without-fallback");
        var missingFallback = Contexts.dependency(CRITICAL, "sync", "queue intent", "");
        var complete = Contexts.dependency(CRITICAL, "sync", "queue intent", "outbox replay");
        var undeclaredMode = Contexts.dependency(CRITICAL, "", "", "");
        var async = Contexts.dependency(CRITICAL, "async", "", "");
        var standard = Contexts.dependency(STANDARD, "sync", "", "");
        assertThat(policy.evaluate(missingFallback, PolicyEngine.activation(missingFallback)).kind()).isEqualTo(Kind.VIOLATION);
        assertThat(policy.evaluate(missingFallback, PolicyEngine.activation(missingFallback)).message())
                .isEqualTo("checkout-api → payment-gateway: a synchronous dependency of a critical service without a declared degraded behaviour and fallback");
        assertThat(policy.evaluate(undeclaredMode, PolicyEngine.activation(undeclaredMode)).kind()).isEqualTo(Kind.VIOLATION);
        assertThat(policy.evaluate(complete, PolicyEngine.activation(complete)).kind()).isEqualTo(Kind.PASS);
        assertThat(policy.evaluate(async, PolicyEngine.activation(async)).kind()).isEqualTo(Kind.PASS);
        assertThat(policy.evaluate(standard, PolicyEngine.activation(standard)).kind()).isEqualTo(Kind.NOT_APPLICABLE);
    }

    @Test
    void aCleanComponentViolatesNothing() {
        ComponentContext clean = clean();
        var activation = PolicyEngine.activation(clean);
        for (CompiledPolicy policy : POLICIES.values()) {
            assertThat(policy.evaluate(clean, activation).kind()).as(policy.definition().name()).isIn(Kind.PASS, Kind.NOT_APPLICABLE);
        }
    }
}
