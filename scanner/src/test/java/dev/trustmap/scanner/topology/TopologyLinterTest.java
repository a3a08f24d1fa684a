package dev.trustmap.scanner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyLinterTest {
    private final TopologyLinter linter = new TopologyLinter();
    private final TopologyParser parser = new TopologyParser();

    @Test
    void findsTheDesignGapsOfTheBriefsExample() throws Exception {
        List<LintFinding> findings = linter.lint(parser.parse("checkout-api.yaml", TopologyParserTest.fixture("checkout-api.yaml")));
        assertThat(findings).extracting(f -> f.dependency() + ":" + f.rule()).containsExactlyInAnyOrder(
                "auth-token-service:sync-critical-without-degraded-behavior",
                "payment-gateway:sync-critical-without-degraded-behavior",
                "webhook-dispatch:no-target");
        LintFinding auth = findings.get(0);
        assertThat(auth.message()).contains("fallback").doesNotContain("degraded_behavior");
        assertThat(auth.line()).isEqualTo(6);
    }

    @Test
    void flagsSingleRegionCallsOfMultiRegionServicesWithoutDegradedBehaviour() throws Exception {
        String yaml = "service: s\ntier: high\nregions: [us, eu]\ndependencies:\n"
                + "  - name: db\n    provider: rds\n    capability: database\n    cross_region: false\n"
                + "  - name: cache\n    provider: redis\n    capability: database\n    cross_region: false\n    degraded_behavior: bypass\n";
        List<LintFinding> findings = linter.lint(parser.parse("s.yaml", yaml.getBytes()));
        assertThat(findings).extracting(LintFinding::dependency, LintFinding::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db", "single-region-call-without-degraded-behavior"));
    }

    @Test
    void cleanFilesHaveNoFindings() throws Exception {
        assertThat(linter.lint(parser.parse("clean.yaml", TopologyParserTest.fixture("clean.yaml")))).isEmpty();
    }
}
