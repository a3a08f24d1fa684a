package dev.trustmap.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LintTopologyCommandTest {

    private static String path(String name) {
        try {
            return Path.of(LintTopologyCommandTest.class.getResource("/topology/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TrustmapScan.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "clean.yaml|0|1 file, 0 errors, 0 findings",
        "checkout-api.yaml|1|3 findings",
        "invalid-values.yaml|2|invalid-values.yaml:2:7: tier:",
        "syntax-error.yaml|2|invalid YAML",
        "self-dependency.yaml|2|self-dependency.yaml:10:14: critical_dependencies[1].service: service 'ledger' depends on itself",
        "two-service-cycle.yaml|0|1 file, 0 errors, 0 findings"})
    void exitCodeSaysCleanFindingsOrInvalid(String file, int exit, String printed) {
        Run run = run("lint-topology", path(file));
        assertThat(run.exit()).isEqualTo(exit);
        assertThat(run.out()).contains(printed);
    }

    @Test
    void invalidWinsOverFindingsAcrossFilesAndJsonIsMachineReadable() throws Exception {
        Run mixed = run("lint-topology", path("checkout-api.yaml"), path("unknown-key.yaml"));
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.out()).contains("2 files").contains("sync-critical-without-degraded-behavior").contains("colour");
        Run json = run("lint-topology", "--format", "json", path("checkout-api.yaml"));
        assertThat(json.exit()).isEqualTo(1);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(tree.get("findings").asInt()).isEqualTo(3);
        assertThat(tree.get("files").get(0).get("findings").get(0).get("rule").asText()).isNotBlank();
    }

    @Test
    void aSelfDependencyIsAnErrorWithItsPositionInJsonToo() throws Exception {
        Run json = run("lint-topology", "--format", "json", path("self-dependency.yaml"));
        assertThat(json.exit()).isEqualTo(2);
        var error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("files").get(0).get("errors").get(0);
        assertThat(error.get("line").asInt()).isEqualTo(10);
        assertThat(error.get("column").asInt()).isEqualTo(14);
        assertThat(error.get("field").asText()).isEqualTo("critical_dependencies[1].service");
        assertThat(error.has("semantic")).as("the report format is unchanged").isFalse();
    }

    @Test
    void missingFilesAndBadUsageExitTwo() {
        assertThat(run("lint-topology", "/no/such/file.yaml").exit()).isEqualTo(2);
        assertThat(run("lint-topology").exit()).isEqualTo(2);
        assertThat(run("lint-topology", "--format", "xml", path("clean.yaml")).exit()).isEqualTo(2);
    }

    @Test
    void theSameServiceInTwoFilesIsAnError() {
        Run run = run("lint-topology", path("clean.yaml"), path("clean.yaml"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("service: duplicate service").contains("(already declared at " + path("clean.yaml") + ":")
                .contains("duplicate service \"b\"").contains("2 files, 3 errors");
    }
}
