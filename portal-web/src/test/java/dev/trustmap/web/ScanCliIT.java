package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.testing.TestDatabases;
import dev.trustmap.scanner.cli.TrustmapScan;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code trustmap-scan scan} end to end against a portal running on PostgreSQL (evidence from
 * recorded registries): pass, warn, fail, bad input, a stopped portal and each degrade choice.
 * The last tests stop the portal, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCAN_JAR = Path.of("..", "scanner", "target", "trustmap-scan.jar").toAbsolutePath().normalize();
    static RecordedRegistry registry;
    static TestPortal portal;
    static Path work;
    static String ci;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        registry = TestPortal.registryWithRecentTakeover();
        portal = TestPortal.start(TestDatabases.postgres(), Map.of("TRUSTMAP_EVIDENCE_WORKERS", "2",
                "TRUSTMAP_MAVEN_CENTRAL_URL", registry.mavenCentral(), "TRUSTMAP_NPM_REGISTRY_URL", registry.npm(),
                "TRUSTMAP_REGISTRY_TIMEOUT_MS", "2000"));
        work = TestPortal.tempDir();
        for (String slug : List.of("web", "reports", "checkout-api")) {
            assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"" + slug + "\",\"tier\":\""
                    + (slug.equals("checkout-api") ? "critical" : "standard") + "\"}").statusCode()).isEqualTo(201);
        }
        ci = portal.token("ci", "\"scanner\"", null);
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static Path sbom(String name, String... purls) throws Exception {
        List<String> components = new ArrayList<>();
        for (String purl : purls) {
            String n = purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@'));
            components.add("{\"type\":\"library\",\"name\":\"" + n + "\",\"version\":\"" + purl.substring(purl.indexOf('@') + 1)
                    + "\",\"purl\":\"" + purl + "\"}");
        }
        Path file = work.resolve(name);
        Files.writeString(file, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
                + String.join(",", components) + "]}");
        return file;
    }

    static Run scan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("scan", "--cache-dir", work.resolve("cache").toString()));
        all.addAll(List.of(args));
        int exit = TrustmapScan.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] online(Path sbom, String service, String... more) {
        List<String> args = new ArrayList<>(List.of("--sbom", sbom.toString(), "--service", service, "--portal", portal.base, "--token", ci));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void passWithEvidenceStillPendingDecidedOnWhatIsKnown() throws Exception {
        Path file = sbom("pass.json", "pkg:npm/left-pad@1.3.0");
        Run run = scan(online(file, "web", "--pending", "decide"));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Trustmap gate: PASS (service web, evaluated by the portal)");
        assertThat(run.out() + run.err()).doesNotContain(ci);
        assertThat(work.resolve("cache").resolve("web.bundle.json")).as("only offline-mode runs keep a bundle").doesNotExist();
    }

    @Test
    @Order(2)
    void warnFailsTheBuildOnlyWhenAskedTo() throws Exception {
        Path file = sbom("warn.json", "pkg:npm/tm-fixture-deprecated@1.0.1");
        Run run = scan(online(file, "reports", "--pending", "wait", "--pending-wait", "60"));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Trustmap gate: WARN").contains("WARN  deprecated-package  pkg:npm/tm-fixture-deprecated@1.0.1");
        Run strict = scan(online(file, "reports", "--fail-on", "warn", "--format", "json"));
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(JSON.readTree(strict.out()).path("decision").asText()).isEqualTo("warn");
    }

    @Test
    @Order(3)
    void failWritesSarifAndJunitReports() throws Exception {
        Path file = sbom("fail.json", "pkg:npm/tm-fixture-takeover@3.3.6", "pkg:npm/tm-fixture-deprecated@1.0.1");
        Path sarif = work.resolve("gate.sarif");
        Run run = scan(online(file, "checkout-api", "--pending", "wait", "--format", "sarif", "--output", sarif.toString()));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Trustmap gate: fail").contains("report in " + sarif);
        JsonNode results = JSON.readTree(sarif.toFile()).path("runs").get(0).path("results");
        assertThat(results.findValuesAsText("ruleId")).contains("publisher-changed-unreviewed", "provenance-regression", "deprecated-package");
        Path junit = work.resolve("gate.xml");
        assertThat(scan(online(file, "checkout-api", "--format", "junit", "--output", junit.toString(), "--when-unreachable", "offline"))
                .exit()).isEqualTo(1);
        assertThat(work.resolve("cache").resolve("checkout-api.bundle.json")).as("saved for offline runs").exists();
        assertThat(Files.readString(junit)).contains("<failure type=\"fail\"").contains("publisher-changed-unreviewed pkg:npm/tm-fixture-takeover@3.3.6");
    }

    @Test
    @Order(4)
    void badInputIsExitTwoAndUploadsNothing() throws Exception {
        long snapshots = portal.count("SELECT COUNT(*) FROM sbom_snapshot");
        Path broken = work.resolve("broken.json");
        Files.writeString(broken, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[");
        Run run = scan(online(broken, "web"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("broken.json").doesNotContain("Exception");
        Path notCyclone = work.resolve("other.json");
        Files.writeString(notCyclone, "{\"spdxVersion\":\"SPDX-2.3\"}");
        assertThat(scan(online(notCyclone, "web")).exit()).isEqualTo(2);
        assertThat(scan(online(work.resolve("missing.json"), "web")).exit()).isEqualTo(2);
        Run badToken = scan("--sbom", sbom("ok.json", "pkg:npm/left-pad@1.3.0").toString(), "--service", "web", "--portal", portal.base,
                "--token", "tm_not_a_real_token_0000000000");
        assertThat(badToken.exit()).isEqualTo(2);
        assertThat(badToken.err()).contains("401").contains("check the token").doesNotContain("tm_not_a_real_token_0000000000");
        assertThat(scan(online(sbom("unknown.json", "pkg:npm/left-pad@1.3.0"), "no-such-service")).exit()).isEqualTo(2);
        assertThat(scan("--sbom", broken.toString()).exit()).as("usage").isEqualTo(2);
        assertThat(scan(online(sbom("fmt.json", "pkg:npm/left-pad@1.3.0"), "web", "--format", "pdf")).exit()).isEqualTo(2);
        assertThat(portal.count("SELECT COUNT(*) FROM sbom_snapshot")).isEqualTo(snapshots);
    }

    @Test
    @Order(5)
    void theTokenMayComeFromTheEnvironmentAndNeverAppearsInOutput() throws Exception {
        assertThat(SCAN_JAR).exists();
        Path file = sbom("env.json", "pkg:npm/tm-fixture-deprecated@1.0.1");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", SCAN_JAR.toString(), "scan", "--sbom", file.toString(), "--service",
                "reports", "--portal", portal.base, "--cache-dir", work.resolve("cache").toString(), "--format", "json")
                .redirectErrorStream(true);
        builder.environment().put("TRUSTMAP_TOKEN", ci);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(JSON.readTree(output).path("decision").asText()).isEqualTo("warn");
        assertThat(output).doesNotContain(ci);
    }

    @Test
    @Order(6)
    void aStoppedPortalIsExitThreeOrTheChosenDegrade() throws Exception {
        Path file = sbom("fail.json", "pkg:npm/tm-fixture-takeover@3.3.6", "pkg:npm/tm-fixture-deprecated@1.0.1");
        String base = portal.base;
        portal.close();
        portal = null;
        String[] args = {"--sbom", file.toString(), "--service", "checkout-api", "--portal", base, "--token", ci, "--timeout", "5"};
        Run failed = scan(args);
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.err()).contains("cannot be reached").contains("no decision").doesNotContain(ci);

        Path broken = work.resolve("broken-offline.json");
        Files.writeString(broken, "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components>");
        Run brokenPass = scan("--sbom", broken.toString(), "--service", "checkout-api", "--portal", base, "--token", ci, "--timeout", "5",
                "--when-unreachable", "pass");
        assertThat(brokenPass.exit()).as("a bad SBOM is never passed, even when the portal is down").isEqualTo(2);

        Run passed = scan(concat(args, "--when-unreachable", "pass"));
        assertThat(passed.exit()).isZero();
        assertThat(passed.out()).contains("portal unreachable").contains("passed without evaluation because --when-unreachable pass");

        Run offline = scan(concat(args, "--when-unreachable", "offline", "--format", "json"));
        assertThat(offline.exit()).as(offline.out() + offline.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(offline.out());
        assertThat(report.path("mode").asText()).isEqualTo("offline");
        assertThat(report.path("decision").asText()).isEqualTo("fail");
        assertThat(report.path("notes").toString()).contains("evaluated offline on the policy bundle saved at");
        assertThat(report.path("violations").findValuesAsText("policy")).contains("publisher-changed-unreviewed", "deprecated-package");

        Run noBundle = scan(concat(new String[] {"--sbom", file.toString(), "--service", "never-scanned", "--portal", base, "--token", ci,
                "--timeout", "5"}, "--when-unreachable", "offline"));
        assertThat(noBundle.exit()).isEqualTo(3);
        assertThat(noBundle.err()).contains("no saved policy bundle");
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
