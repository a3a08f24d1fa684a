package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.fixture;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.scanner.sbom.SbomGenerator;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST API over real HTTP, against a portal on a random port; run on H2 and on PostgreSQL. */
abstract class PortalApiContract {
    static final String CDX_JSON = "application/vnd.cyclonedx+json";
    static final String CDX_XML = "application/vnd.cyclonedx+xml";
    static final long UPLOAD_LIMIT = 256 * 1024;

    TestPortal portal;
    DatabaseSettings settings;

    abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() {
        settings = newDatabase();
        portal = TestPortal.start(settings, Map.of("TRUSTMAP_UPLOAD_MAX_BYTES", String.valueOf(UPLOAD_LIMIT)));
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    private JsonNode uploadAndWait(String service, String fixture, String contentType) {
        HttpResponse<String> response = portal.upload(service, "?wait=60&autoCreate=true", contentType, fixture(fixture));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode job = json(response);
        assertThat(job.get("state").asText()).isEqualTo("completed");
        return job;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detailMentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/" + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).contains(detailMentions);
        assertThat(problem.get("requestId").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void healthAndMetricsAnswerWithoutAToken() {
        assertThat(portal.get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = portal.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("database").asText()).isEqualTo("UP");
        uploadAndWait("metrics-svc", "checkout-1.6.json", CDX_JSON);
        HttpResponse<String> metrics = portal.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("trustmap_ingestion_queue_oldest_age_seconds 0.0")
                .contains("trustmap_ingestion_jobs_total{outcome=\"completed\"} 1.0")
                .contains("trustmap_ingestion_processing_seconds_count 1")
                .contains("trustmap_ingestion_queue_jobs{state=\"completed\"} 1.0")
                .contains("trustmap_http_requests_seconds_count");
    }

    @Test
    void everyApiEndpointNeedsAValidToken() {
        for (String path : List.of("/api/v1/services", "/api/v1/packages", "/api/v1/usages?purl=pkg:npm/x", "/api/v1/tokens",
                "/api/v1/jobs/00000000-0000-0000-0000-000000000000")) {
            assertProblem(portal.get(path, null), 401, "unauthorized", "Missing credentials");
            assertProblem(portal.get(path, "tm_not_a_real_token_0000000000000"), 401, "unauthorized", "unknown, expired or revoked");
        }
        assertProblem(portal.send("POST", "/api/v1/services/x/sboms", null, CDX_JSON, fixture("checkout-1.6.json")),
                401, "unauthorized", "Missing credentials");
        assertThat(portal.get("/api/v1/services", null).headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"trustmap\"");
    }

    @Test
    void revokedAndExpiredTokensStopWorking() throws Exception {
        String viewer = portal.token("dashboard", "\"viewer\"", null);
        assertThat(portal.get("/api/v1/services", viewer).statusCode()).isEqualTo(200);
        String id = StreamSupport.stream(json(portal.get("/api/v1/tokens", ADMIN_TOKEN)).get("items").spliterator(), false)
                .filter(t -> t.get("name").asText().equals("dashboard")).findFirst().orElseThrow().get("id").asText();
        assertThat(portal.send("DELETE", "/api/v1/tokens/" + id, ADMIN_TOKEN, null, null).statusCode()).isEqualTo(200);
        assertProblem(portal.get("/api/v1/services", viewer), 401, "unauthorized", "revoked");

        String expiresAt = java.time.OffsetDateTime.now().plusSeconds(2).toString();
        HttpResponse<String> created = portal.postJson("/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"short\",\"roles\":[\"viewer\"],\"expiresAt\":\"" + expiresAt + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String shortLived = json(created).get("token").asText();
        assertThat(portal.get("/api/v1/services", shortLived).statusCode()).isEqualTo(200);
        Thread.sleep(2_500);
        assertProblem(portal.get("/api/v1/services", shortLived), 401, "unauthorized", "expired");
    }

    @Test
    void tokensAreStoredOnlyAsHashesAndShownOnce() {
        String secret = portal.token("ci", "\"scanner\"", null);
        assertThat(portal.count("SELECT COUNT(*) FROM api_token WHERE token_hash = '" + secret + "'")).isZero();
        assertThat(portal.count("SELECT COUNT(*) FROM api_token WHERE name = 'ci' AND LENGTH(token_hash) = 64")).isEqualTo(1);
        assertThat(portal.get("/api/v1/tokens", ADMIN_TOKEN).body()).doesNotContain(secret).contains("\"name\":\"ci\"");
    }

    @Test
    void rolesAreEnforcedOnTheServer() {
        String viewer = portal.token("viewer", "\"viewer\"", null);
        String scanner = portal.token("ci-checkout", "\"scanner\"", "checkout-api");
        assertProblem(portal.postJson("/api/v1/services", viewer, "{\"slug\":\"x\"}"), 403, "forbidden", "roles");
        assertProblem(portal.postJson("/api/v1/tokens", scanner, "{\"name\":\"y\",\"roles\":[\"admin\"]}"), 403, "forbidden", "roles");
        assertProblem(portal.send("POST", "/api/v1/services/checkout-api/sboms?autoCreate=true", viewer, CDX_JSON,
                fixture("checkout-1.6.json")), 403, "forbidden", "roles");
        assertProblem(portal.send("POST", "/api/v1/services/payments/sboms?autoCreate=true", scanner, CDX_JSON,
                fixture("checkout-1.6.json")), 403, "forbidden", "only upload SBOMs for service 'checkout-api'");
        HttpResponse<String> own = portal.send("POST", "/api/v1/services/checkout-api/sboms?autoCreate=true&wait=30", scanner,
                CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).get("submittedBy").asText()).endsWith("/ci-checkout");
    }

    @ParameterizedTest
    @CsvSource({"checkout-1.4.json,application/vnd.cyclonedx+json,1.4", "checkout-1.5.json,application/json,1.5",
        "checkout-1.6.json,application/vnd.cyclonedx+json; charset=utf-8,1.6", "checkout-1.4.xml,application/vnd.cyclonedx+xml,1.4",
        "checkout-1.5.xml,application/xml,1.5", "checkout-1.6.xml,text/xml,1.6"})
    void ingestsEverySupportedSpecVersion(String fixtureName, String contentType, String spec) {
        JsonNode job = uploadAndWait("checkout-api", fixtureName, contentType);
        JsonNode result = job.get("result");
        assertThat(result.get("specVersion").asText()).isEqualTo(spec);
        assertThat(result.get("components").asInt()).isEqualTo(6);
        assertThat(result.get("direct").asInt()).isEqualTo(4);
        assertThat(result.get("transitive").asInt()).isEqualTo(2);
        assertThat(result.get("edges").asInt()).isEqualTo(2);
        assertThat(result.get("skippedWithoutPurl").asInt()).isEqualTo(1);
        assertThat(result.get("packagesAdded").asInt()).isEqualTo(6);
        assertThat(portal.count("SELECT COUNT(*) FROM package_usage")).isEqualTo(6);
        assertThat(portal.count("SELECT COUNT(*) FROM dependency_edge")).isEqualTo(2);
        assertThat(portal.count("SELECT COUNT(*) FROM package_version WHERE purl = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'"
                + " AND hashes LIKE '%SHA-256%' AND licenses LIKE '%Apache-2.0%'")).isEqualTo(1);
        assertThat(portal.count("SELECT COUNT(*) FROM ingestion_payload")).as("payload dropped once completed").isZero();
    }

    @Test
    void acceptsWithoutWaitingAndReportsCompletionOnlyOnceCommitted() {
        HttpResponse<String> accepted = portal.upload("checkout-api", "?autoCreate=true", CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(accepted.statusCode()).isIn(200, 202);
        JsonNode job = json(accepted);
        String statusUrl = job.get("statusUrl").asText();
        if (accepted.statusCode() == 202) {
            assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(statusUrl));
            assertThat(job.get("state").asText()).isIn("queued", "processing");
            assertThat(job.has("result")).isFalse();
        }
        JsonNode done = json(portal.get(statusUrl + "?wait=30", ADMIN_TOKEN));
        assertThat(done.get("state").asText()).isEqualTo("completed");
        String snapshotUrl = done.get("snapshotUrl").asText();
        JsonNode snapshot = json(portal.get(snapshotUrl, ADMIN_TOKEN));
        assertThat(snapshot.get("components").asInt()).isEqualTo(6);
        assertThat(snapshot.get("current").asBoolean()).isTrue();
        assertThat(portal.count("SELECT COUNT(*) FROM package_usage WHERE snapshot_id = '" + snapshot.get("id").asText() + "'"))
                .as("a completed job's data is committed").isEqualTo(6);
        JsonNode components = json(portal.get(snapshotUrl + "/components?limit=2&offset=0", ADMIN_TOKEN));
        assertThat(components.get("total").asInt()).isEqualTo(6);
        assertThat(components.get("items")).hasSize(2);
    }

    @Test
    void theSameDocumentTwiceAddsNoRows() {
        uploadAndWait("checkout-api", "checkout-1.6.json", CDX_JSON);
        Map<String, Long> before = portal.rowCounts();
        JsonNode again = uploadAndWait("checkout-api", "checkout-1.6.json", CDX_JSON);
        assertThat(again.get("result").get("unchanged").asBoolean()).isTrue();
        Map<String, Long> after = portal.rowCounts();
        before.put("ingestion_job", before.get("ingestion_job") + 1);
        before.put("audit_entry", before.get("audit_entry") + 2); // the upload and its ingestion are audited all the same
        assertThat(after).isEqualTo(before);
        // and the same packages used by a second service add usages, not packages or versions
        uploadAndWait("billing", "checkout-1.6.json", CDX_JSON);
        assertThat(portal.count("SELECT COUNT(*) FROM software_package")).isEqualTo(6);
        assertThat(portal.count("SELECT COUNT(*) FROM package_version")).isEqualTo(6);
        assertThat(portal.count("SELECT COUNT(*) FROM package_usage")).isEqualTo(12);
    }

    @Test
    void idempotencyKeyReplaysTheFirstResultAndRefusesADifferentPayload() {
        HttpResponse<String> first = portal.upload("checkout-api", "?wait=30&autoCreate=true", CDX_JSON,
                fixture("checkout-1.6.json"), "Idempotency-Key", "build-4711");
        HttpResponse<String> replay = portal.upload("checkout-api", "?wait=30&autoCreate=true", CDX_JSON,
                fixture("checkout-1.6.json"), "Idempotency-Key", "build-4711");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).get("id").asText()).isEqualTo(json(first).get("id").asText());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job")).isEqualTo(1);

        Map<String, Long> before = portal.rowCounts();
        HttpResponse<String> conflict = portal.upload("checkout-api", "?wait=30", CDX_JSON, fixture("checkout-v2.json"),
                "Idempotency-Key", "build-4711");
        assertProblem(conflict, 409, "idempotency-key-reused", "build-4711");
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneJob() throws Exception {
        portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"race\"}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> portal.upload("race", "", CDX_JSON, fixture("checkout-1.6.json"), "Idempotency-Key", "same-key"));
        }
        Set<String> jobIds = new java.util.HashSet<>();
        for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
            HttpResponse<String> response = f.get();
            assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
            jobIds.add(json(response).get("id").asText());
        }
        pool.shutdown();
        assertThat(jobIds).hasSize(1);
        assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job")).isEqualTo(1);
        assertThat(portal.count("SELECT COUNT(*) FROM idempotency_record")).isEqualTo(1);
    }

    @Test
    void reportsWhatChangedSinceThePreviousSnapshot() {
        uploadAndWait("checkout-api", "checkout-1.6.json", CDX_JSON);
        JsonNode second = uploadAndWait("checkout-api", "checkout-v2.json", CDX_JSON).get("result");
        assertThat(second.get("packagesAdded").asInt()).isEqualTo(1);
        assertThat(second.get("added").get(0).asText()).isEqualTo("pkg:npm/express");
        assertThat(second.get("packagesRemoved").asInt()).isEqualTo(1);
        assertThat(second.get("removed").get(0).asText()).isEqualTo("pkg:npm/lodash");
        assertThat(second.get("versionsChanged").asInt()).isEqualTo(2);
        JsonNode change = second.get("changed").get(1);
        assertThat(change.get("purl").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
        assertThat(change.get("from").get(0).asText()).isEqualTo("2.14.1");
        assertThat(change.get("to").get(0).asText()).isEqualTo("2.17.1");
        JsonNode service = json(portal.get("/api/v1/services/checkout-api", ADMIN_TOKEN));
        assertThat(service.get("history")).hasSize(2);
        assertThat(service.get("currentSnapshot").get("id").asText()).isEqualTo(second.get("snapshotId").asText());
        assertThat(service.get("history").get(1).get("current").asBoolean()).isFalse();
        JsonNode older = json(portal.get("/api/v1/services/checkout-api/sboms?offset=1&limit=5", ADMIN_TOKEN));
        assertThat(older.get("total").asInt()).isEqualTo(2);
        assertThat(older.get("offset").asInt()).isEqualTo(1);
        assertThat(older.get("limit").asInt()).isEqualTo(5);
        assertThat(older.get("items")).hasSize(1);
        assertThat(older.get("items").get(0).get("current").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "malformed.json|application/vnd.cyclonedx+json|400|malformed-json|Malformed JSON at line",
        "malformed.xml|application/vnd.cyclonedx+xml|400|malformed-xml|line 51",
        "xxe.xml|application/vnd.cyclonedx+xml|400|forbidden-xml|DOCTYPE",
        "billion-laughs.xml|application/xml|400|forbidden-xml|entity-expansion",
        "spdx.json|application/json|422|not-cyclonedx|bomFormat",
        "spec-1.2.json|application/json|422|unsupported-spec-version|1.2",
        "spec-1.7.json|application/json|422|unsupported-spec-version|1.7",
        "invalid-purl.json|application/json|422|invalid-purl|log4j-core",
        "wrong-structure.json|application/json|422|invalid-sbom|not a valid CycloneDX BOM",
        "checkout-1.6.json|text/plain|415|unsupported-media-type|text/plain",
        "checkout-1.6.json|application/vnd.cyclonedx+xml|400|malformed-xml|Malformed XML"})
    void rejectedUploadsExplainThemselvesAndWriteNothing(String fixtureName, String contentType, int status, String type,
                                                          String mentions) {
        portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"checkout-api\"}");
        Map<String, Long> before = portal.rowCounts();
        assertProblem(portal.upload("checkout-api", "?wait=10&autoCreate=true", contentType, fixture(fixtureName)),
                status, type, mentions);
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void oversizedAndMisaddressedUploadsWriteNothing() {
        Map<String, Long> before = portal.rowCounts();
        byte[] big = SbomGenerator.generate(1_000, 1);
        assertThat((long) big.length).isGreaterThan(UPLOAD_LIMIT);
        assertProblem(portal.upload("checkout-api", "?autoCreate=true", CDX_JSON, big), 413, "payload-too-large", "TRUSTMAP_UPLOAD_MAX_BYTES");
        assertProblem(portal.upload("no-such-service", "", CDX_JSON, fixture("checkout-1.6.json")), 404, "not-found", "autoCreate");
        assertProblem(portal.upload("Bad_Name!", "?autoCreate=true", CDX_JSON, fixture("checkout-1.6.json")), 400, "validation", "service");
        assertProblem(portal.upload("checkout-api", "?autoCreate=true&wait=soon", CDX_JSON, fixture("checkout-1.6.json")), 400, "validation", "wait");
        assertProblem(portal.upload("checkout-api", "?autoCreate=true", CDX_JSON, fixture("checkout-1.6.json"),
                "Idempotency-Key", "has spaces"), 400, "validation", "Idempotency-Key");
        assertProblem(portal.upload("checkout-api", "?autoCreate=true", CDX_JSON, new byte[0]), 422, "invalid-sbom", "empty");
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void badRequestsGetProblemJsonNeverStackTraces() {
        assertProblem(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":"), 400, "malformed-json", "line 1");
        assertProblem(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"ok\",\"stars\":5}"), 400, "malformed-json", "stars");
        assertProblem(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"ok\",\"tier\":\"gold\",\"repositoryUrl\":\"ftp://x\"}"),
                400, "validation", "2 invalid field");
        assertProblem(portal.get("/api/v1/nothing-here", ADMIN_TOKEN), 404, "not-found", "No resource");
        assertProblem(portal.send("DELETE", "/api/v1/services", ADMIN_TOKEN, null, null), 405, "method-not-allowed", "not allowed");
        assertProblem(portal.get("/api/v1/jobs/not-a-uuid", ADMIN_TOKEN), 400, "validation", "UUID");
        assertProblem(portal.get("/api/v1/packages?limit=100000", ADMIN_TOKEN), 400, "validation", "limit");
        assertProblem(portal.get("/api/v1/usages?purl=log4j", ADMIN_TOKEN), 422, "invalid-purl", "log4j");
        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"ok\"}").statusCode()).isEqualTo(201);
        assertProblem(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"ok\"}"), 409, "conflict", "already exists");
        HttpResponse<String> withId = portal.send("GET", "/api/v1/services/nope", ADMIN_TOKEN, null, null, "X-Request-Id", "ci-run-42");
        assertThat(withId.headers().firstValue("X-Request-Id")).hasValue("ci-run-42");
        assertThat(json(withId).get("requestId").asText()).isEqualTo("ci-run-42");
    }

    @Test
    void listsServicesAndPackagesAndFindsUsages() {
        portal.postJson("/api/v1/services", ADMIN_TOKEN,
                "{\"slug\":\"checkout-api\",\"ownerTeam\":\"payments\",\"tier\":\"critical\",\"regions\":[\"primary-us\",\"secondary-eu\"]}");
        uploadAndWait("checkout-api", "checkout-1.6.json", CDX_JSON);
        uploadAndWait("billing", "checkout-v2.json", CDX_JSON);

        JsonNode services = json(portal.get("/api/v1/services", ADMIN_TOKEN));
        assertThat(services.get("total").asInt()).isEqualTo(2);
        JsonNode checkout = services.get("items").get(1);
        assertThat(checkout.get("slug").asText()).isEqualTo("checkout-api");
        assertThat(checkout.get("tier").asText()).isEqualTo("critical");
        assertThat(checkout.get("regions")).hasSize(2);
        assertThat(checkout.get("currentSnapshot").get("components").asInt()).isEqualTo(6);

        JsonNode maven = json(portal.get("/api/v1/packages?ecosystem=maven&limit=3", ADMIN_TOKEN));
        assertThat(maven.get("total").asInt()).isEqualTo(4);
        assertThat(maven.get("items")).hasSize(3);
        JsonNode page2 = json(portal.get("/api/v1/packages?ecosystem=maven&limit=3&offset=3", ADMIN_TOKEN));
        assertThat(page2.get("items")).hasSize(1);
        JsonNode prefixed = json(portal.get("/api/v1/packages?prefix=org.apache.logging.log4j/log4j-c", ADMIN_TOKEN));
        assertThat(prefixed.get("items")).hasSize(1);
        assertThat(prefixed.get("items").get(0).get("services").asInt()).isEqualTo(2);
        assertThat(json(portal.get("/api/v1/packages?prefix=lod", ADMIN_TOKEN)).get("items").get(0).get("purl").asText())
                .isEqualTo("pkg:npm/lodash");

        JsonNode detail = json(portal.get("/api/v1/packages/pkg:maven/org.apache.logging.log4j/log4j-core", ADMIN_TOKEN));
        assertThat(detail.get("versions")).hasSize(2);
        assertThat(detail.get("versions").get(0).get("version").asText()).isEqualTo("2.17.1");
        assertThat(detail.get("versions").get(0).get("usedBy").get(0).asText()).isEqualTo("billing");
        assertThat(detail.get("versions").get(1).get("usedBy").get(0).asText()).isEqualTo("checkout-api");
        assertThat(detail.get("versions").get(1).get("licenses").get(0).asText()).isEqualTo("Apache-2.0");
        JsonNode npm = json(portal.get("/api/v1/packages/detail?purl=pkg:npm/%2540babel/core", ADMIN_TOKEN));
        assertThat(npm.get("purl").asText()).isEqualTo("pkg:npm/%40babel/core");

        JsonNode below = json(portal.get("/api/v1/usages?purl=pkg:maven/org.apache.logging.log4j/log4j-core&below=2.17.1", ADMIN_TOKEN));
        assertThat(below.get("services").asInt()).isEqualTo(1);
        assertThat(below.get("items").get(0).get("service").asText()).isEqualTo("checkout-api");
        assertThat(below.get("items").get(0).get("version").asText()).isEqualTo("2.14.1");
        assertThat(below.get("items").get(0).get("relationship").asText()).isEqualTo("direct");
        JsonNode exact = json(portal.get("/api/v1/usages?purl=pkg:maven/org.apache.logging.log4j/log4j-core&version=2.17.1", ADMIN_TOKEN));
        assertThat(exact.get("items")).hasSize(1);
        assertThat(exact.get("items").get(0).get("service").asText()).isEqualTo("billing");
        JsonNode any = json(portal.get("/api/v1/usages?purl=pkg:maven/org.apache.logging.log4j/log4j-api", ADMIN_TOKEN));
        assertThat(any.get("services").asInt()).isEqualTo(2);
        assertThat(any.get("items").get(0).get("relationship").asText()).isEqualTo("transitive");
        JsonNode semver = json(portal.get("/api/v1/usages?purl=pkg:npm/lodash&below=4.17.3", ADMIN_TOKEN));
        assertThat(semver.get("items")).as("4.17.20 is not below 4.17.3 in semver").isEmpty();
        JsonNode semver2 = json(portal.get("/api/v1/usages?purl=pkg:npm/lodash&below=4.17.21", ADMIN_TOKEN));
        assertThat(semver2.get("items")).hasSize(1);
        JsonNode unknown = json(portal.get("/api/v1/usages?purl=pkg:npm/left-pad", ADMIN_TOKEN));
        assertThat(unknown.get("items")).isEmpty();
    }

    @Test
    void aRestartFinishesQueuedJobs() {
        portal.close();
        Map<String, String> noWorkers = Map.of("TRUSTMAP_INGEST_WORKERS", "0");
        try (TestPortal apiOnly = TestPortal.start(settings, noWorkers)) {
            HttpResponse<String> accepted = apiOnly.upload("checkout-api", "?autoCreate=true&wait=1", CDX_JSON, fixture("checkout-1.6.json"));
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(json(accepted).get("state").asText()).isEqualTo("queued");
            assertThat(apiOnly.get("/metrics", null).body()).contains("trustmap_ingestion_queue_jobs{state=\"queued\"} 1.0");
            portal = apiOnly;
        }
        portal = TestPortal.start(settings, Map.of());
        long deadline = System.currentTimeMillis() + 30_000;
        while (portal.count("SELECT COUNT(*) FROM ingestion_job WHERE state = 'completed'") == 0 && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job WHERE state = 'completed'")).isEqualTo(1);
        assertThat(json(portal.get("/api/v1/services/checkout-api", ADMIN_TOKEN)).get("currentSnapshot").get("components").asInt())
                .isEqualTo(6);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
