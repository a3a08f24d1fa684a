package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Policies, evaluation, reviews, the gate and the Dependency-Track compatible upload in a running
 * portal (registry answers recorded into the scanner's test resources); run on H2 and PostgreSQL.
 */
abstract class PolicyApiContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_SBOM = "application/vnd.cyclonedx+json";
    RecordedRegistry registry;
    TestPortal portal;

    abstract DatabaseSettings newDatabase();

    @AfterEach
    void stop() {
        if (portal != null) {
            portal.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    void startWithEvidence() throws Exception {
        registry = TestPortal.registryWithRecentTakeover();
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_EVIDENCE_WORKERS", "2",
                "TRUSTMAP_MAVEN_CENTRAL_URL", registry.mavenCentral(), "TRUSTMAP_NPM_REGISTRY_URL", registry.npm(),
                "TRUSTMAP_REGISTRY_TIMEOUT_MS", "2000", "TRUSTMAP_POLICY_REEVALUATE_SECONDS", "1"));
    }

    static byte[] resource(String path) throws Exception {
        try (InputStream in = PolicyApiContract.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    static String sbom(String... components) {
        return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[" + String.join(",", components) + "]}";
    }

    static String component(String purl, String sha256) {
        String hashes = sha256 == null ? "" : ",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"" + sha256 + "\"}]";
        String name = purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@'));
        String version = purl.substring(purl.indexOf('@') + 1);
        return "{\"type\":\"library\",\"bom-ref\":\"" + purl + "\",\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"purl\":\"" + purl + "\"" + hashes + "}";
    }

    HttpResponse<String> gate(String query, String token, byte[] body) {
        return portal.send("POST", "/api/v1/gate" + query, token, body == null ? null : JSON_SBOM, body);
    }

    static List<String> violations(JsonNode gateOrViolations, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : gateOrViolations.path(field)) {
            out.add(v.path("policy").asText() + " " + v.path("subject").asText());
        }
        return out;
    }

    JsonNode await(String path, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(portal.get(path, ADMIN_TOKEN));
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition never held for " + path + ": " + last);
    }

    @Test
    void policiesAreValidatedVersionedAndTheDefaultPackIsInstalled() {
        portal = TestPortal.start(newDatabase(), Map.of());
        JsonNode list = json(portal.get("/api/v1/policies", ADMIN_TOKEN));
        assertThat(list.path("items").findValuesAsText("name")).containsExactlyInAnyOrder("critical-low-provenance",
                "publisher-changed-unreviewed", "npm-install-scripts-unapproved", "deprecated-package", "provenance-regression",
                "provenance-invalid", "registry-hash-mismatch", "rejected-review", "critical-sync-dependency-without-fallback");
        assertThat(list.path("items").findValuesAsText("enabled")).containsOnly("true");
        assertThat(list.path("total").asInt()).isEqualTo(9);
        assertThat(list.path("offset").asInt()).isZero();
        assertThat(list.path("limit").asInt()).isEqualTo(500);

        String viewer = portal.token("viewer-1", "\"viewer\"", null);
        Map<String, Long> before = portal.rowCounts();
        HttpResponse<String> syntax = portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"bad\",\"severity\":\"warn\",\"expression\":\"scores.provenance <\\n && true\"}");
        assertThat(syntax.statusCode()).isEqualTo(422);
        assertThat(syntax.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(syntax).path("errors").get(0).path("field").asText()).isEqualTo("expression");
        assertThat(json(syntax).path("errors").get(0).path("message").asText()).startsWith("line 2, column");
        HttpResponse<String> field = portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"bad\",\"severity\":\"warn\",\"expression\":\"pkg.nmae == 'x'\"}");
        assertThat(field.statusCode()).isEqualTo(422);
        assertThat(json(field).path("errors").get(0).path("message").asText()).contains("line 1, column 4").contains("no field 'nmae'");
        HttpResponse<String> deep = portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"bad\",\"severity\":\"warn\",\"expression\":\"" + "(".repeat(300) + "true" + ")".repeat(300) + "\"}");
        assertThat(deep.statusCode()).isEqualTo(422);
        assertThat(portal.postJson("/api/v1/policies", ADMIN_TOKEN, "{\"name\":\"bad\",\"severity\":\"loud\",\"expression\":\"true\"}")
                .statusCode()).isEqualTo(400);
        assertThat(portal.postJson("/api/v1/policies", ADMIN_TOKEN, "{\"name\":\"Bad Name\",\"severity\":\"warn\",\"expression\":\"true\"}")
                .statusCode()).isEqualTo(400);
        assertThat(portal.postJson("/api/v1/policies", ADMIN_TOKEN, "{\"name\":\"bad\",").statusCode()).isEqualTo(400);
        assertThat(portal.postJson("/api/v1/policies", viewer, "{\"name\":\"ok\",\"severity\":\"warn\",\"expression\":\"true\"}")
                .statusCode()).isEqualTo(403);
        assertThat(portal.rowCounts()).as("rejected writes wrote nothing").isEqualTo(before);

        HttpResponse<String> created = portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"no-gpl\",\"description\":\"no GPL in products\",\"severity\":\"warn\","
                        + "\"expression\":\"version.licenses.exists(l, l.startsWith('GPL'))\",\"message\":\"{version.purl} is {version.licenses}\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("version").asInt()).isEqualTo(1);
        assertThat(json(created).path("reads").toString()).contains("version");
        assertThat(portal.postJson("/api/v1/policies", ADMIN_TOKEN, "{\"name\":\"no-gpl\",\"severity\":\"warn\",\"expression\":\"true\"}")
                .statusCode()).isEqualTo(409);
        String same = "{\"description\":\"no GPL in products\",\"severity\":\"warn\",\"expression\":\"version.licenses.exists(l, l.startsWith('GPL'))\","
                + "\"message\":\"{version.purl} is {version.licenses}\"}";
        JsonNode unchanged = json(portal.send("PUT", "/api/v1/policies/no-gpl", ADMIN_TOKEN, "application/json", same.getBytes()));
        assertThat(unchanged.path("changed").asBoolean()).isFalse();
        assertThat(unchanged.path("policy").path("version").asInt()).isEqualTo(1);
        JsonNode stricter = json(portal.send("PUT", "/api/v1/policies/no-gpl", ADMIN_TOKEN, "application/json",
                "{\"severity\":\"fail\"}".getBytes()));
        assertThat(stricter.path("changed").asBoolean()).isTrue();
        assertThat(stricter.path("policy").path("version").asInt()).isEqualTo(2);
        assertThat(stricter.path("policy").path("expression").asText()).isEqualTo("version.licenses.exists(l, l.startsWith('GPL'))");
        JsonNode disabled = json(portal.send("POST", "/api/v1/policies/no-gpl/disable", ADMIN_TOKEN, null, null));
        assertThat(disabled.path("policy").path("enabled").asBoolean()).isFalse();
        assertThat(disabled.path("policy").path("version").asInt()).isEqualTo(3);
        JsonNode history = json(portal.get("/api/v1/policies/no-gpl/history", ADMIN_TOKEN)).get("items");
        assertThat(history.findValuesAsText("version")).containsExactly("3", "2", "1");
        assertThat(history.findValuesAsText("severity")).containsExactly("fail", "fail", "warn");
        assertThat(history.findValuesAsText("changedBy")).containsOnly("trustmap/bootstrap-admin");
        assertThat(portal.send("POST", "/api/v1/policies/nope/enable", ADMIN_TOKEN, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void evaluationReviewsAndTheGateWorkOnCollectedEvidence() throws Exception {
        startWithEvidence();
        String sha256 = new String(resource("/registry/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256")).trim();
        byte[] document = sbom(component("pkg:maven/dev.sigstore/sigstore-java@2.0.0", sha256),
                component("pkg:npm/tm-fixture-takeover@3.3.6", null),
                component("pkg:npm/tm-fixture-deprecated@1.0.1", null),
                component("pkg:npm/tm-fixture-provenance@2.1.0", null)).getBytes(StandardCharsets.UTF_8);
        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"checkout-api\",\"tier\":\"critical\"}").statusCode()).isEqualTo(201);
        String ci = portal.token("ci-checkout", "\"scanner\"", "checkout-api");

        HttpResponse<String> first = gate("?service=checkout-api&pending=wait&pendingWaitSeconds=60", ci, document);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode decision = json(first);
        assertThat(decision.path("pending").size()).as("waited for the evidence").isZero();
        assertThat(decision.path("decision").asText()).isEqualTo("fail");
        assertThat(violations(decision, "violations")).contains(
                "publisher-changed-unreviewed pkg:npm/tm-fixture-takeover@3.3.6",
                "provenance-regression pkg:npm/tm-fixture-takeover@3.3.6",
                "npm-install-scripts-unapproved pkg:npm/tm-fixture-takeover@3.3.6",
                "deprecated-package pkg:npm/tm-fixture-deprecated@1.0.1",
                "provenance-invalid pkg:npm/tm-fixture-provenance@2.1.0")
                .noneMatch(v -> v.endsWith("sigstore-java@2.0.0") && !v.startsWith("critical-low-provenance"));
        JsonNode first0 = decision.path("violations").get(0);
        assertThat(first0.path("severity").asText()).isEqualTo("fail");
        assertThat(first0.path("explanation").path("expression").asText()).isNotEmpty();
        assertThat(first0.path("explanation").path("basis").path("modelVersion").asText()).isEqualTo(dev.trustmap.policy.score.ScoringModel.VERSION);
        assertThat(first0.path("explanation").path("basis").path("evidenceStatus").asText()).isIn("complete", "degraded");

        // the stored evaluation catches up with the evidence (the re-evaluation job)
        JsonNode stored = await("/api/v1/services/checkout-api/violations", v -> v.path("summary").path("pending").asInt() == 0
                && v.path("summary").path("decision").asText().equals("fail"));
        assertThat(violations(stored, "findings")).contains("provenance-regression pkg:npm/tm-fixture-takeover@3.3.6");
        assertThat(portal.get("/api/v1/services/checkout-api/violations", null).statusCode()).isEqualTo(401);

        // reviews: four eyes, and an approval lifts the review-dependent rules
        String alice = ownedToken("alice-laptop", "viewer", "alice");
        String aliceReviewer = ownedToken("alice-review", "reviewer", "alice");
        String bob = ownedToken("bob-review", "reviewer", "bob");
        HttpResponse<String> requested = portal.postJson("/api/v1/reviews", alice,
                "{\"purl\":\"pkg:npm/tm-fixture-takeover\",\"atLeast\":\"3.3.6\",\"reason\":\"new maintainer, scripts checked\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        assertThat(json(requested).path("state").asText()).isEqualTo("proposed");
        String reviewId = json(requested).path("id").asText();
        assertThat(portal.postJson("/api/v1/reviews/" + reviewId + "/transitions", bob, "{\"to\":\"approved\",\"reason\":\"skip\"}")
                .statusCode()).as("proposed cannot jump to approved").isEqualTo(409);
        assertThat(portal.postJson("/api/v1/reviews/" + reviewId + "/transitions", bob, "{\"to\":\"in_review\"}").statusCode()).isEqualTo(200);
        assertThat(portal.postJson("/api/v1/reviews/" + reviewId + "/transitions", alice, "{\"to\":\"approved\",\"reason\":\"mine\"}")
                .statusCode()).as("viewers cannot decide").isEqualTo(403);
        HttpResponse<String> ownApproval = portal.postJson("/api/v1/reviews/" + reviewId + "/transitions", aliceReviewer,
                "{\"to\":\"approved\",\"reason\":\"mine\"}");
        assertThat(ownApproval.statusCode()).as("four eyes: the requester cannot approve with another token").isEqualTo(403);
        assertThat(json(ownApproval).path("detail").asText()).contains("four eyes");
        HttpResponse<String> approved = portal.postJson("/api/v1/reviews/" + reviewId + "/transitions", bob,
                "{\"to\":\"approved\",\"reason\":\"checked the install script and the new maintainer\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).path("decidedBy").asText()).isEqualTo("bob");
        assertThat(json(approved).path("basis").findValuesAsText("version")).contains("3.3.6");

        JsonNode afterApproval = json(gate("?service=checkout-api&snapshot=current", ci, null));
        assertThat(violations(afterApproval, "violations")).doesNotContain(
                "publisher-changed-unreviewed pkg:npm/tm-fixture-takeover@3.3.6",
                "npm-install-scripts-unapproved pkg:npm/tm-fixture-takeover@3.3.6")
                .contains("provenance-regression pkg:npm/tm-fixture-takeover@3.3.6");

        // a rejected review fails the gate
        HttpResponse<String> reject = portal.postJson("/api/v1/reviews", alice,
                "{\"purl\":\"pkg:npm/tm-fixture-provenance\",\"reason\":\"is this the real one?\"}");
        String rejectId = json(reject).path("id").asText();
        portal.postJson("/api/v1/reviews/" + rejectId + "/transitions", bob, "{\"to\":\"in_review\"}");
        assertThat(portal.postJson("/api/v1/reviews/" + rejectId + "/transitions", bob, "{\"to\":\"rejected\",\"reason\":\"typosquat\"}")
                .statusCode()).isEqualTo(200);
        JsonNode rejected = json(gate("?service=checkout-api&snapshot=current", ci, null));
        assertThat(violations(rejected, "violations")).contains("rejected-review pkg:npm/tm-fixture-provenance@2.1.0");
        assertThat(rejected.path("violations").toString()).contains("rejected in review by bob: typosquat");

        // a policy change re-evaluates the stored violations
        assertThat(portal.send("POST", "/api/v1/policies/provenance-regression/disable", ADMIN_TOKEN, null, null).statusCode()).isEqualTo(200);
        JsonNode reevaluated = await("/api/v1/services/checkout-api/violations",
                v -> !violations(v, "findings").contains("provenance-regression pkg:npm/tm-fixture-takeover@3.3.6")
                        && violations(v, "findings").contains("rejected-review pkg:npm/tm-fixture-provenance@2.1.0"));
        assertThat(reevaluated.path("summary").path("decision").asText()).isEqualTo("fail");

        // dry run of a draft: what it would find, nothing saved
        long policiesBefore = portal.count("SELECT COUNT(*) FROM policy_version");
        JsonNode dry = json(portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN,
                "{\"name\":\"npm-only\",\"severity\":\"info\",\"expression\":\"pkg.ecosystem == 'npm'\"}"));
        assertThat(dry.path("violations").asInt()).isEqualTo(3);
        assertThat(dry.path("services").asInt()).isEqualTo(1);
        assertThat(dry.path("findings").findValuesAsText("subject")).contains("pkg:npm/tm-fixture-deprecated@1.0.1");
        // each finding names its service; grouped by service with that service's counts
        assertThat(dry.path("findings").findValuesAsText("service")).hasSize(3).containsOnly("checkout-api");
        assertThat(dry.path("byService")).hasSize(1);
        JsonNode checkout = dry.path("byService").get(0);
        assertThat(checkout.path("service").asText()).isEqualTo("checkout-api");
        assertThat(checkout.path("violations").asInt()).isEqualTo(3);
        assertThat(checkout.path("components").asInt()).isPositive();
        assertThat(checkout.path("findings")).hasSize(3);
        assertThat(checkout.path("findings").get(0).path("policy").asText()).isEqualTo("npm-only");
        assertThat(checkout.path("findings").get(0).path("message").asText()).isNotBlank();
        assertThat(checkout.path("truncated").asBoolean()).isFalse();
        String hundred = "[" + String.join(",", java.util.Collections.nCopies(100, "1")) + "]";
        JsonNode expensive = json(portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN,
                "{\"severity\":\"fail\",\"expression\":\"" + hundred + ".all(a, " + hundred + ".all(b, " + hundred + ".all(c, a == b)))\"}"));
        assertThat(expensive.path("errors").asInt()).as("cut off by the cost limit, reported as errors").isEqualTo(4);
        assertThat(expensive.path("findings").findValuesAsText("outcome")).containsOnly("error");
        assertThat(portal.count("SELECT COUNT(*) FROM policy_version")).isEqualTo(policiesBefore);

        // dependency policies see the contracts
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
                """;
        assertThat(portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml", topology.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(200);
        JsonNode withContracts = json(gate("?service=checkout-api&snapshot=current", ci, null));
        assertThat(violations(withContracts, "violations")).contains("critical-sync-dependency-without-fallback checkout-api → payment-gateway");
        await("/api/v1/services/checkout-api/violations",
                v -> violations(v, "findings").contains("critical-sync-dependency-without-fallback checkout-api → payment-gateway"));

        // a scoped CI token gates only its own service
        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"other\"}").statusCode()).isEqualTo(201);
        assertThat(gate("?service=other&snapshot=current", ci, null).statusCode()).isEqualTo(403);
        assertThat(gate("?service=other", ci, document).statusCode()).isEqualTo(403);
    }

    @Test
    void evidenceStillBeingCollectedIsPendingAndTheGateDecidesOnWhatIsKnown() {
        portal = TestPortal.start(newDatabase(), Map.of());
        byte[] document = sbom(component("pkg:npm/tm-fixture-takeover@3.3.6", null), component("pkg:npm/left-pad@1.3.0", null))
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> decided = gate("?service=web&autoCreate=true", ADMIN_TOKEN, document);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        JsonNode body = json(decided);
        assertThat(body.path("decision").asText()).isEqualTo("pass");
        assertThat(body.path("pendingMode").asText()).isEqualTo("decide");
        assertThat(body.path("pending").findValuesAsText("component")).containsExactlyInAnyOrder("pkg:npm/tm-fixture-takeover@3.3.6",
                "pkg:npm/left-pad@1.3.0");
        assertThat(body.path("pending").get(0).path("policies").toString()).contains("deprecated-package").doesNotContain("rejected-review");
        assertThat(body.path("summary").path("pending").asInt()).isEqualTo(2);

        long started = System.nanoTime();
        JsonNode waited = json(gate("?service=web&snapshot=current&pending=wait&pendingWaitSeconds=1", ADMIN_TOKEN, null));
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(900_000_000L);
        assertThat(waited.path("pendingMode").asText()).isEqualTo("wait");
        assertThat(waited.path("pending").size()).as("no collector runs here: still pending after the wait").isEqualTo(2);

        JsonNode upload = json(portal.upload("web", "?wait=30", JSON_SBOM, sbom(component("pkg:npm/left-pad@1.3.0", null))
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(upload.path("result").path("policy").path("pending").asInt()).isEqualTo(1);
        assertThat(upload.path("result").path("policy").path("decision").asText()).isEqualTo("pass");

        // what ingestion stored (evaluated from the rows it had just written) equals a fresh evaluation from the database
        JsonNode stored = json(portal.get("/api/v1/services/web/violations", ADMIN_TOKEN)).path("summary");
        JsonNode fresh = json(gate("?service=web&snapshot=current", ADMIN_TOKEN, null)).path("summary");
        for (String field : List.of("decision", "policies", "components", "evaluations", "violations", "errors", "pending")) {
            assertThat(stored.path(field)).as(field).isEqualTo(fresh.path(field));
        }
    }

    @Test
    void aHostileDryRunSpendsItsBudgetAndNamesItWhileUploadsAndLookupsKeepTheirPace() throws Exception {
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_POLICY_REQUEST_SECONDS", "6", "TRUSTMAP_POLICY_CONCURRENCY", "1"));
        assertThat(portal.upload("big", "?autoCreate=true&wait=120", JSON_SBOM, dev.trustmap.scanner.sbom.SbomGenerator.generate(5_000, 31))
                .statusCode()).isEqualTo(200);
        assertThat(portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml",
                TopologyApiContract.topology("org.yaml")).statusCode()).isEqualTo(200);
        String hundred = "[" + String.join(",", java.util.Collections.nCopies(100, "1")) + "]";
        String hostile = "{\"severity\":\"fail\",\"expression\":\"" + hundred + ".all(a, " + hundred + ".all(b, " + hundred
                + ".all(c, a == b)))\"}";
        java.util.concurrent.CompletableFuture<HttpResponse<String>> dryRun = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN, hostile));
        Thread.sleep(300);
        assertThat(dryRun).as("the hostile dry run is still in flight").isNotDone();
        long started = System.nanoTime();
        assertThat(portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(portal.upload("small", "?autoCreate=true&wait=30", JSON_SBOM, sbom().getBytes()).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).as("lookups and uploads keep their pace, ms").isLessThan(3_000);
        HttpResponse<String> second = portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN, hostile);
        assertThat(second.statusCode()).as("only one evaluation request at a time here: " + second.body()).isEqualTo(503);
        assertThat(second.body()).contains("TRUSTMAP_POLICY_CONCURRENCY");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> spent = dryRun.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(spent.statusCode()).as(spent.body()).isEqualTo(422);
        assertThat(spent.body()).contains("TRUSTMAP_POLICY_REQUEST_SECONDS").contains("nothing was decided")
                .doesNotContain("Exception");
        JsonNode problem = json(spent);
        assertThat(problem.path("type").asText()).isEqualTo("/problems/evaluation-budget");
        // the budget is per request: a harmless dry run right after is answered in full
        HttpResponse<String> fine = portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN,
                "{\"severity\":\"info\",\"expression\":\"pkg.ecosystem == 'npm'\"}");
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
        assertThat(json(fine).path("components").asInt()).isGreaterThanOrEqualTo(5_000);
    }

    /** Three nested comprehensions over 100 elements: a million steps per component. */
    static String hostileExpression() {
        String hundred = "[" + String.join(",", java.util.Collections.nCopies(100, "1")) + "]";
        return hundred + ".all(a, " + hundred + ".all(b, " + hundred + ".all(c, a == b)))";
    }

    @Test
    void aDryRunWhoseClientLeavesIsCancelledAndFreesItsPlace() throws Exception {
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_POLICY_REQUEST_SECONDS", "300", "TRUSTMAP_POLICY_CONCURRENCY", "1"));
        // two services of 5,000 components: well over 10 s of evaluation if nothing stops it
        assertThat(portal.upload("big", "?autoCreate=true&wait=120", JSON_SBOM, dev.trustmap.scanner.sbom.SbomGenerator.generate(5_000, 31))
                .statusCode()).isEqualTo(200);
        assertThat(portal.upload("bigger", "?autoCreate=true&wait=120", JSON_SBOM, dev.trustmap.scanner.sbom.SbomGenerator.generate(5_000, 32))
                .statusCode()).isEqualTo(200);
        byte[] body = ("{\"severity\":\"fail\",\"expression\":\"" + hostileExpression() + "\"}").getBytes(StandardCharsets.UTF_8);
        String harmless = "{\"severity\":\"info\",\"expression\":\"pkg.ecosystem == 'npm'\"}";
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", java.net.URI.create(portal.base).getPort())) {
            client.getOutputStream().write(("POST /api/v1/policies/dry-run HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().write(body);
            client.getOutputStream().flush();
            Thread.sleep(1_000);
            // the hostile dry run holds the only place: another one is turned away
            HttpResponse<String> busy = portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN, harmless);
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        } // the client leaves without reading the answer
        long left = System.nanoTime();
        HttpResponse<String> after = portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN, harmless);
        while (after.statusCode() == 503 && System.nanoTime() - left < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(250);
            after = portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN, harmless);
        }
        assertThat(after.statusCode()).as("the abandoned dry run stopped (its budget would have run for 300 s): " + after.body())
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - left).toSeconds()).isLessThan(20);
        assertThat(portal.get("/metrics", null).body()).as("stopped because its client left, not because it ended")
                .contains("trustmap_policy_evaluations_stopped_total{reason=\"cancelled\"} 1.0");
    }

    @Test
    void aStoredEvaluationThatSpendsItsBudgetFailsTheSnapshotAndSaysWhy() throws Exception {
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_POLICY_SNAPSHOT_SECONDS", "1"));
        HttpResponse<String> created = portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"expensive\",\"severity\":\"warn\",\"expression\":\"" + hostileExpression() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long started = System.nanoTime();
        HttpResponse<String> upload = portal.upload("svc", "?autoCreate=true&wait=120", JSON_SBOM,
                dev.trustmap.scanner.sbom.SbomGenerator.generate(2_000, 7));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        JsonNode job = json(upload);
        assertThat(job.path("state").asText()).isEqualTo("completed");
        assertThat(job.path("result").path("policy").path("decision").asText()).isEqualTo("fail");
        assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds()).as("the evaluation stopped at its budget").isLessThan(60);
        JsonNode stored = json(portal.get("/api/v1/services/svc/violations", ADMIN_TOKEN));
        assertThat(stored.path("summary").path("decision").asText()).isEqualTo("fail");
        JsonNode budget = null;
        for (JsonNode f : stored.path("findings")) {
            if (f.path("policy").asText().equals("trustmap:evaluation-budget")) {
                budget = f;
            }
        }
        assertThat(budget).as(stored.toString()).isNotNull();
        assertThat(budget.path("outcome").asText()).isEqualTo("error");
        assertThat(budget.path("message").asText()).contains("TRUSTMAP_POLICY_SNAPSHOT_SECONDS").doesNotContain("Exception");
        assertThat(portal.get("/api/v1/services/svc", ADMIN_TOKEN).statusCode()).as("the portal answers meanwhile").isEqualTo(200);
    }

    @Test
    void theGateRefusesBadInputWithoutWriting() {
        portal = TestPortal.start(newDatabase(), Map.of());
        Map<String, Long> before = portal.rowCounts();
        assertThat(gate("?service=web&autoCreate=true", ADMIN_TOKEN, "{\"bomFormat\":\"CycloneDX\",".getBytes()).statusCode()).isEqualTo(400);
        assertThat(gate("?service=web&autoCreate=true", ADMIN_TOKEN, "{\"hello\":1}".getBytes()).statusCode()).isEqualTo(422);
        assertThat(gate("", ADMIN_TOKEN, sbom().getBytes()).statusCode()).isEqualTo(400);
        assertThat(gate("?service=web", ADMIN_TOKEN, sbom().getBytes()).statusCode()).as("unknown service").isEqualTo(404);
        assertThat(gate("?service=web&autoCreate=true&pending=maybe", ADMIN_TOKEN, sbom().getBytes()).statusCode()).isEqualTo(400);
        assertThat(portal.send("POST", "/api/v1/gate?service=web&autoCreate=true", ADMIN_TOKEN, "text/plain", "x".getBytes())
                .statusCode()).isEqualTo(415);
        assertThat(gate("?service=web&snapshot=nope", ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(gate("?service=web&autoCreate=true", null, sbom().getBytes()).statusCode()).isEqualTo(401);
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void dependencyTrackUploadsWorkByChangingOnlyUrlAndKey() throws Exception {
        portal = TestPortal.start(newDatabase(), Map.of());
        String key = portal.token("dt-pipeline", "\"scanner\"", null);
        String document = sbom(component("pkg:npm/left-pad@1.3.0", null));
        String put = "{\"projectName\":\"Payments API\",\"projectVersion\":\"1.4.2\",\"autoCreate\":true,\"bom\":\""
                + Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)) + "\",\"parentName\":\"ignored\"}";
        HttpResponse<String> uploaded = portal.send("PUT", "/api/v1/bom", null, "application/json", put.getBytes(StandardCharsets.UTF_8),
                "X-Api-Key", key);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        String token = json(uploaded).path("token").asText();
        assertThat(token).hasSize(36);
        awaitProcessed(token, key);
        JsonNode service = json(portal.get("/api/v1/services/payments-api", ADMIN_TOKEN));
        assertThat(service.path("currentSnapshot").path("label").asText()).isEqualTo("1.4.2");

        String boundary = "----trustmap" + System.nanoTime();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\nPayments API\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"projectVersion\"\r\n\r\n1.4.3\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"bom.json\"\r\nContent-Type: application/json\r\n\r\n"
                + sbom(component("pkg:npm/left-pad@1.3.0", null), component("pkg:npm/is-number@7.0.0", null)) + "\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> posted = portal.send("POST", "/api/v1/bom", null, "multipart/form-data; boundary=" + boundary,
                multipart.getBytes(StandardCharsets.UTF_8), "X-Api-Key", key);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        awaitProcessed(json(posted).path("token").asText(), key);
        JsonNode after = json(portal.get("/api/v1/services/payments-api", ADMIN_TOKEN));
        assertThat(after.path("currentSnapshot").path("components").asInt()).isEqualTo(2);

        Map<String, Long> before = portal.rowCounts();
        assertThat(portal.send("PUT", "/api/v1/bom", null, "application/json",
                "{\"projectName\":\"x\",\"autoCreate\":true,\"bom\":\"%%%\"}".getBytes(), "X-Api-Key", key).statusCode()).isEqualTo(400);
        // a project uuid is a service id: an unknown one is 404, as in Dependency-Track
        assertThat(portal.send("PUT", "/api/v1/bom", null, "application/json",
                ("{\"project\":\"5b6c3f2e-0000-0000-0000-000000000000\",\"bom\":\"" + Base64.getEncoder().encodeToString(document.getBytes())
                        + "\"}").getBytes(), "X-Api-Key", key).statusCode()).isEqualTo(404);
        assertThat(portal.send("PUT", "/api/v1/bom", null, "application/json",
                ("{\"projectName\":\"unknown project\",\"bom\":\"" + Base64.getEncoder().encodeToString(document.getBytes())
                        + "\"}").getBytes(), "X-Api-Key", key).statusCode()).isEqualTo(404);
        assertThat(portal.send("PUT", "/api/v1/bom", null, "application/json", put.getBytes(), "X-Api-Key", "wrong-key").statusCode())
                .isEqualTo(401);
        assertThat(portal.get("/api/v1/bom/token/not-a-token", key).statusCode()).isEqualTo(404);
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    String ownedToken(String name, String role, String owner) {
        HttpResponse<String> response = portal.postJson("/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"],\"owner\":\"" + owner + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("token").asText();
    }

    void awaitProcessed(String token, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = portal.send("GET", "/api/v1/bom/token/" + token, null, null, null, "X-Api-Key", key);
            assertThat(status.statusCode()).isEqualTo(200);
            if (!json(status).path("processing").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("upload " + token + " never processed");
    }
}
