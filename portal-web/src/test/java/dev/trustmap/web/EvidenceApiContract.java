package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evidence collection in a running portal, against registry answers recorded into the scanner's
 * test resources (served over real HTTP on loopback); run on H2 and PostgreSQL.
 */
abstract class EvidenceApiContract {
    static final ObjectMapper JSON = new ObjectMapper();
    RecordedRegistry registry;
    TestPortal portal;

    abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() throws Exception {
        registry = TestPortal.registryWithRecentTakeover();
        registry.override("/npm/left-pad", n -> RecordedRegistry.Answer.of(503, "text/html", "<html>registry maintenance</html>"));
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_EVIDENCE_WORKERS", "2",
                "TRUSTMAP_MAVEN_CENTRAL_URL", registry.mavenCentral(), "TRUSTMAP_NPM_REGISTRY_URL", registry.npm(),
                "TRUSTMAP_REGISTRY_TIMEOUT_MS", "2000"));
    }

    @AfterEach
    void stop() {
        portal.close();
        registry.close();
    }

    static byte[] resource(String path) throws Exception {
        try (InputStream in = EvidenceApiContract.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    static String sbom(String... componentsJson) {
        StringBuilder components = new StringBuilder();
        StringBuilder deps = new StringBuilder();
        for (int i = 0; i < componentsJson.length; i++) {
            components.append(i == 0 ? "" : ",").append(componentsJson[i]);
        }
        return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[" + components + "]}";
    }

    static String component(String purl, String hashAlg, String hash) {
        String hashes = hash == null ? "" : ",\"hashes\":[{\"alg\":\"" + hashAlg + "\",\"content\":\"" + hash + "\"}]";
        String name = purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@'));
        String version = purl.substring(purl.indexOf('@') + 1);
        return "{\"type\":\"library\",\"bom-ref\":\"" + purl + "\",\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"purl\":\"" + purl + "\"" + hashes + "}";
    }

    static final String PLAYWRIGHT_SHA512 = "f64d7565f0f001f3150c322e1155b55afb3c4a80cd5c863574d43ef42f7f492f"
            + "199849647317acbb97a82fbbcd6bdea7b626d419aab54ccdaa428aaf765fc8f6";

    JsonNode trustOf(String packagePurl, String version) {
        JsonNode detail = json(portal.get("/api/v1/packages/detail?purl=" + URLEncoder.encode(packagePurl, StandardCharsets.UTF_8), ADMIN_TOKEN));
        for (JsonNode v : detail.path("versions")) {
            if (v.path("version").asText().equals(version)) {
                return v.path("trust");
            }
        }
        throw new AssertionError("no version " + version + " in " + detail);
    }

    void awaitCollected(List<String[]> versions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> pending = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            pending.clear();
            for (String[] v : versions) {
                if ("pending".equals(trustOf(v[0], v[1]).path("status").asText())) {
                    pending.add(v[0] + "@" + v[1]);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("evidence never collected for " + pending);
    }

    @Test
    void ingestedPackagesGetEvidenceScoresEventsAndASummary() throws Exception {
        String sha256 = new String(resource("/registry/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256")).trim();
        String document = sbom(component("pkg:maven/dev.sigstore/sigstore-java@2.0.0", "SHA-256", sha256),
                component("pkg:maven/org.apache.commons/commons-lang3@3.14.0", null, null),
                component("pkg:maven/mysql/mysql-connector-java@8.0.33", null, null),
                component("pkg:npm/tm-fixture-takeover@3.3.6", null, null),
                component("pkg:npm/tm-fixture-provenance@2.1.0", null, null),
                component("pkg:npm/%40playwright/cli@0.1.1", "SHA-512", PLAYWRIGHT_SHA512),
                component("pkg:npm/left-pad@1.3.0", null, null));
        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"checkout-api\",\"tier\":\"critical\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> upload = portal.upload("checkout-api", "?wait=30", "application/vnd.cyclonedx+json",
                document.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);

        awaitCollected(List.of(new String[] {"pkg:maven/dev.sigstore/sigstore-java", "2.0.0"},
                new String[] {"pkg:maven/org.apache.commons/commons-lang3", "3.14.0"},
                new String[] {"pkg:maven/mysql/mysql-connector-java", "8.0.33"},
                new String[] {"pkg:npm/tm-fixture-takeover", "3.3.6"},
                new String[] {"pkg:npm/tm-fixture-provenance", "2.1.0"},
                new String[] {"pkg:npm/%40playwright/cli", "0.1.1"},
                new String[] {"pkg:npm/left-pad", "1.3.0"}));

        JsonNode sigstore = trustOf("pkg:maven/dev.sigstore/sigstore-java", "2.0.0");
        assertThat(sigstore.path("status").asText()).isEqualTo("complete");
        assertThat(sigstore.path("modelVersion").asText()).isEqualTo(ScoringModel.VERSION);
        assertThat(sigstore.path("provenance").asInt()).isEqualTo(100);
        assertThat(sigstore.path("explanations").findValuesAsText("text"))
                .anyMatch(t -> t.startsWith("Sigstore bundle verified (identity https://github.com/sigstore/sigstore-java/"));
        JsonNode bundleItem = null;
        for (JsonNode item : sigstore.path("evidence")) {
            if (item.path("signal").asText().equals("sigstore")) {
                bundleItem = item;
            }
        }
        assertThat(bundleItem).isNotNull();
        assertThat(bundleItem.path("source").asText()).isEqualTo(registry.mavenCentral()
                + "/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json");
        assertThat(bundleItem.path("fetchedAt").asText()).isNotEmpty();
        assertThat(bundleItem.path("digest").asText()).hasSize(64);

        // a real npm provenance attestation, verified offline: the full provenance score
        JsonNode playwright = trustOf("pkg:npm/%40playwright/cli", "0.1.1");
        assertThat(playwright.path("provenance").asInt()).isEqualTo(100);
        assertThat(playwright.path("explanations").findValuesAsText("text")).anyMatch(t -> t.startsWith(
                "provenance attestation verified for the declared repository (verified: built by "
                        + "https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1"));
        // a forged one earns nothing and is a trust event
        JsonNode forged = trustOf("pkg:npm/tm-fixture-provenance", "2.1.0");
        assertThat(forged.path("explanations").findValuesAsText("text"))
                .anyMatch(t -> t.startsWith("provenance attestation not accepted (does not verify: "));
        assertThat(json(portal.get("/api/v1/packages/pkg:npm/tm-fixture-provenance/events", ADMIN_TOKEN)).path("items")
                .findValuesAsText("kind")).containsExactly("provenance-invalid");

        JsonNode takeover = trustOf("pkg:npm/tm-fixture-takeover", "3.3.6");
        assertThat(takeover.path("grade").asText()).isIn("D", "F");
        assertThat(takeover.path("explanations").findValuesAsText("text")).anyMatch(t -> t.startsWith("publisher changed on"));

        JsonNode down = trustOf("pkg:npm/left-pad", "1.3.0");
        assertThat(down.path("status").asText()).isEqualTo("degraded");
        assertThat(down.path("grade").asText()).isEqualTo("F");
        assertThat(down.path("problems").toString()).contains("HTTP 503");
        assertThat(down.path("gaps").size()).isGreaterThan(5);

        JsonNode events = json(portal.get("/api/v1/packages/pkg:npm/tm-fixture-takeover/events", ADMIN_TOKEN));
        assertThat(events.path("items").findValuesAsText("kind")).contains("publisher-changed", "provenance-regression",
                "install-script-added", "license-changed", "new-version");
        assertThat(events.path("items").get(0).path("services").toString()).contains("checkout-api");

        JsonNode feed = json(portal.get("/api/v1/events?windowHours=24", ADMIN_TOKEN));
        assertThat(feed.path("items").findValuesAsText("purl")).contains("pkg:npm/tm-fixture-takeover", "pkg:npm/tm-fixture-provenance")
                .doesNotContain("pkg:npm/%40playwright/cli");
        // the list envelope: every event once across pages, the total counts them all
        long total = feed.path("total").asLong();
        assertThat(total).isEqualTo(feed.path("items").size()).isGreaterThan(2);
        assertThat(feed.path("offset").asInt()).isZero();
        assertThat(feed.path("limit").asInt()).isEqualTo(200);
        List<String> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < total; offset += 2) {
            JsonNode page = json(portal.get("/api/v1/events?windowHours=24&limit=2&offset=" + offset, ADMIN_TOKEN));
            assertThat(page.path("total").asLong()).isEqualTo(total);
            page.path("items").forEach(e -> paged.add(e.path("kind").asText() + " " + e.path("purl").asText() + " " + e.path("version").asText()));
        }
        List<String> whole = new java.util.ArrayList<>();
        feed.path("items").forEach(e -> whole.add(e.path("kind").asText() + " " + e.path("purl").asText() + " " + e.path("version").asText()));
        assertThat(paged).containsExactlyElementsOf(whole);
        assertThat(portal.get("/api/v1/events?limit=501", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(portal.get("/api/v1/events?windowHours=0", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(portal.get("/api/v1/events", null).statusCode()).isEqualTo(401);

        JsonNode summary = json(portal.get("/api/v1/portfolio/summary", ADMIN_TOKEN));
        assertThat(summary.path("versionsInUse").asInt()).isEqualTo(7);
        assertThat(summary.path("grades").path("pending").asInt()).isZero();
        long graded = 0;
        for (String g : List.of("A", "B", "C", "D", "F")) {
            graded += summary.path("grades").path(g).asLong();
        }
        assertThat(graded).isEqualTo(7);
        assertThat(summary.path("worst").get(0).path("grade").asText()).isEqualTo("F");
        assertThat(summary.path("unknownEvidence").findValuesAsText("purl")).contains("pkg:npm/left-pad@1.3.0");

        // incidents see what changed in the affected services' dependencies
        String topology = """
                service: checkout-api
                owner: payments
                tier: critical
                critical_dependencies:
                  - name: payment-gateway
                    provider: stripe
                    capability: payment
                    mode: sync
                    degraded_behavior: "queue intent"
                    fallback: "retry from the outbox"
                """;
        assertThat(portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml", topology.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(200);
        JsonNode incident = json(portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN));
        assertThat(incident.path("recentChanges").findValuesAsText("kind")).contains("trust-event");
        assertThat(incident.path("recentChanges").toString()).contains("publisher-changed: pkg:npm/tm-fixture-takeover");

        // a refresh is reviewer work; viewers may not ask for one
        String viewer = portal.token("viewer-1", "\"viewer\"", null);
        assertThat(portal.send("POST", "/api/v1/packages/pkg:npm/left-pad/refresh", viewer, null, null).statusCode()).isEqualTo(403);
        HttpResponse<String> refresh = portal.send("POST", "/api/v1/packages/pkg:npm/left-pad/refresh", ADMIN_TOKEN, null, null);
        assertThat(refresh.statusCode()).isEqualTo(202);
        assertThat(json(refresh).path("versionsDue").asInt()).isEqualTo(1);
        assertThat(portal.send("POST", "/api/v1/packages/pkg:npm/nope/refresh", ADMIN_TOKEN, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aNewScoringModelRecomputesStoredScoresOnceWithoutPerPackageEvents() throws Exception {
        String sha256 = new String(resource("/registry/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256")).trim();
        String document = sbom(component("pkg:maven/dev.sigstore/sigstore-java@2.0.0", "SHA-256", sha256),
                component("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2", null, null),
                component("pkg:npm/tm-fixture-takeover@3.3.6", null, null));
        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"rescored\"}").statusCode()).isEqualTo(201);
        assertThat(portal.upload("rescored", "?wait=30", "application/vnd.cyclonedx+json", document.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(200);
        List<String[]> versions = List.of(new String[] {"pkg:maven/dev.sigstore/sigstore-java", "2.0.0"},
                new String[] {"pkg:maven/com.fasterxml.jackson.core/jackson-databind", "2.17.2"},
                new String[] {"pkg:npm/tm-fixture-takeover", "3.3.6"});
        awaitCollected(versions);
        List<JsonNode> collected = new ArrayList<>();
        for (String[] v : versions) {
            collected.add(trustOf(v[0], v[1]));
        }
        assertThat(collected.get(1).path("explanations").findValuesAsText("text"))
                .contains("this version was released on 2024-07-05 (informational)");
        long trustEvents = portal.count("SELECT COUNT(*) FROM trust_event");
        assertThat(trustEvents).isPositive();

        // the scores as an older model stored them (the evidence items stay)
        assertThat(portal.execute("UPDATE version_evidence SET model_version = '2026.11-2', provenance_score = 0, health_score = 0, "
                + "grade = 'F', explanations = '[]', gaps = '[]', gap_count = 0")).isEqualTo(3);
        try (TestPortal upgraded = TestPortal.start(portal.db, Map.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (upgraded.count("SELECT COUNT(*) FROM version_evidence WHERE model_version <> '" + ScoringModel.VERSION + "'") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (int i = 0; i < versions.size(); i++) {
                JsonNode now = trustOf(versions.get(i)[0], versions.get(i)[1]);
                JsonNode before = collected.get(i);
                assertThat(now.path("modelVersion").asText()).isEqualTo(ScoringModel.VERSION);
                for (String field : List.of("grade", "provenance", "maintainerHealth", "explanations", "gaps")) {
                    assertThat(now.path(field)).as(versions.get(i)[0] + " " + field + " recomputed from the stored evidence")
                            .isEqualTo(before.path(field));
                }
            }
            assertThat(upgraded.count("SELECT COUNT(*) FROM trust_event")).as("a rescore raises no per-package events").isEqualTo(trustEvents);
            JsonNode feed = json(upgraded.get("/api/v1/events?windowHours=24", ADMIN_TOKEN));
            assertThat(feed.path("items").findValuesAsText("kind")).filteredOn("model-changed"::equals).hasSize(1);
            JsonNode change = null;
            for (JsonNode e : feed.path("items")) {
                change = e.path("kind").asText().equals("model-changed") ? e : change;
            }
            assertThat(change.path("version").asText()).isEqualTo(ScoringModel.VERSION);
            assertThat(change.path("detail").asText()).contains("replaced 2026.11-2; 3 stored score(s) recomputed");
            // paged one at a time, the model change sits where it falls among the package events, once
            long total = feed.path("total").asLong();
            assertThat(total).isEqualTo(feed.path("items").size());
            List<String> paged = new java.util.ArrayList<>();
            for (int offset = 0; offset < total; offset++) {
                JsonNode page = json(upgraded.get("/api/v1/events?windowHours=24&limit=1&offset=" + offset, ADMIN_TOKEN));
                assertThat(page.path("items")).hasSize(1);
                paged.add(page.path("items").get(0).path("kind").asText() + " " + page.path("items").get(0).path("purl").asText());
            }
            List<String> whole = new java.util.ArrayList<>();
            feed.path("items").forEach(e -> whole.add(e.path("kind").asText() + " " + e.path("purl").asText()));
            assertThat(paged).containsExactlyElementsOf(whole);
        }
        // another start finds nothing to recompute and shows the change once still
        try (TestPortal again = TestPortal.start(portal.db, Map.of())) {
            Thread.sleep(1_000);
            JsonNode feed = json(again.get("/api/v1/events?windowHours=24", ADMIN_TOKEN));
            assertThat(feed.path("items").findValuesAsText("kind")).filteredOn("model-changed"::equals).hasSize(1);
            assertThat(again.count("SELECT COUNT(*) FROM trust_event")).isEqualTo(trustEvents);
            assertThat(again.count("SELECT rescored FROM scoring_model_change")).isEqualTo(3);
        }
    }
}
