package dev.trustmap.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.KeylessVerifier;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceAndVerifyCommandTest {
    static final String IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v2.0.0";
    RecordedRegistry registry;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        registry = new RecordedRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    int run(String... args) {
        return TrustmapScan.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    String[] evidence(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "evidence";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--maven-central=" + registry.mavenCentral();
        all[args.length + 2] = "--npm-registry=" + registry.npm();
        all[args.length + 3] = "--timeout";
        all[args.length + 4] = "3";
        return all;
    }

    @Test
    void printsScoresExplanationsAndEvidenceAsText() {
        assertThat(run(evidence("pkg:maven/dev.sigstore/sigstore-java@2.0.0"))).isZero();
        assertThat(out.toString())
                .contains("pkg:maven/dev.sigstore/sigstore-java@2.0.0  (maven-central")
                .contains("grade ")
                .contains("+45  Sigstore bundle verified (identity " + IDENTITY)
                .contains("source " + registry.mavenCentral() + "/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json")
                .contains("gaps (unknown evidence scores nothing):");
    }

    @Test
    void printsJson() throws Exception {
        assertThat(run(evidence("pkg:npm/tm-fixture-takeover@3.3.6", "--format", "json"))).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("score").path("grade").asText()).isIn("D", "F");
        assertThat(report.path("score").path("modelVersion").asText()).isEqualTo(dev.trustmap.policy.score.ScoringModel.VERSION);
        assertThat(report.path("evidence").findValuesAsText("signal")).contains("publisher-change", "install-scripts", "attestation");
        assertThat(report.path("events").findValuesAsText("kind")).contains("PUBLISHER_CHANGED");
    }

    @Test
    void badInputIsExit2AndUnreachableRegistryIsExit3() {
        assertThat(run("evidence", "not-a-purl")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid package URL \"not-a-purl\"");
        assertThat(run("evidence", "pkg:npm/left-pad")).isEqualTo(2);
        assertThat(err.toString()).contains("has no version");
        assertThat(run("evidence", "pkg:pypi/requests@2.0.0")).isEqualTo(2);
        assertThat(err.toString()).contains("no evidence collector for pypi");
        registry.override("/npm/left-pad", n -> RecordedRegistry.Answer.of(503, "text/html", "<html>down</html>"));
        assertThat(run(evidence("pkg:npm/left-pad@1.3.0"))).isEqualTo(3);
        assertThat(err.toString()).contains("could not be reached");
        assertThat(out.toString()).contains("HTTP 503");
    }

    @Test
    void verifiesTheRealJarAndRejectsAModifiedOne(@TempDir Path dir) throws Exception {
        Path jar = Paths.get(KeylessVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundle = dir.resolve("b.sigstore.json");
        try (var in = getClass().getResourceAsStream("/registry/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json")) {
            Files.write(bundle, in.readAllBytes());
        }
        assertThat(run("verify", "--artifact", jar.toString(), "--bundle", bundle.toString(), "--identity", IDENTITY,
                "--issuer", "https://token.actions.githubusercontent.com")).isZero();
        assertThat(out.toString()).contains("verified: sigstore-java-2.0.0.jar — identity " + IDENTITY);

        byte[] bytes = Files.readAllBytes(jar);
        bytes[1000] ^= 0x40;
        Path modified = dir.resolve("sigstore-java-2.0.0.jar");
        Files.write(modified, bytes);
        assertThat(run("verify", "--artifact", modified.toString(), "--bundle", bundle.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("NOT verified: sigstore-java-2.0.0.jar");

        assertThat(run("verify", "--artifact", dir.resolve("missing.jar").toString(), "--bundle", bundle.toString())).isEqualTo(2);
        Path badRoot = dir.resolve("root.json");
        Files.writeString(badRoot, "{\"no\": \"root\"");
        assertThat(run("verify", "--artifact", jar.toString(), "--bundle", bundle.toString(), "--trusted-root", badRoot.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Not a usable Sigstore trusted root");
    }
}
