package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.fixture;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.database.audit.AuditRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The audit chain through a running portal: every kind of write appends one entry (actor, action,
 * target, request id) in its own transaction, the list filters, verification walks the chain and
 * names an edited row, concurrent writers leave one linear chain, a rolled-back write leaves
 * nothing, the anchor reaches /metrics, and only admins read it. Run on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AuditApiContract {
    static final String CDX_JSON = "application/vnd.cyclonedx+json";
    static final String ADMIN = "trustmap/bootstrap-admin";
    TestPortal portal;

    abstract DatabaseSettings newDatabase();

    /** Edits one stored entry behind the portal's back (as the table's owner, past any protection). */
    abstract void tamper(long seq, String reason) throws SQLException;

    @BeforeAll
    void start() {
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_DB_POOL_SIZE", "20", "TRUSTMAP_AUDIT_ANCHOR_SECONDS", "1"));
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    HttpResponse<String> send(String method, String path, String requestId, String contentType, String body) {
        return portal.send(method, path, ADMIN_TOKEN, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "X-Request-Id", requestId);
    }

    JsonNode audit(String query) {
        HttpResponse<String> response = portal.get("/api/v1/audit" + query, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** The one entry with this action and target (exactly one must exist). */
    JsonNode only(String action, String target) {
        JsonNode page = audit("?action=" + enc(action) + "&target=" + enc(target));
        assertThat(page.path("total").asLong()).as("entries %s %s: %s", action, target, page).isEqualTo(1);
        return page.path("items").get(0);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertEntry(JsonNode entry, String actor, String requestId) {
        assertThat(entry.path("actor").asText()).isEqualTo(actor);
        if (requestId == null) {
            assertThat(entry.path("requestId").isNull()).as(entry.toString()).isTrue();
        } else {
            assertThat(entry.path("requestId").asText()).isEqualTo(requestId);
        }
        assertThat(entry.path("hash").asText()).hasSize(64);
        assertThat(entry.path("prevHash").asText()).hasSize(64);
    }

    JsonNode verify() {
        HttpResponse<String> response = portal.get("/api/v1/audit/verify", ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    @Order(1)
    void everyKindOfWriteAppendsOneEntryWithItsActorTargetAndRequestId() throws Exception {
        // the first start: the bootstrap token and the default policies
        assertEntry(audit("?action=token.create&actor=bootstrap").path("items").get(0), "bootstrap", null);
        assertEntry(only("policy.install-defaults", "policy-pack:default"), "system", null);

        HttpResponse<String> token = send("POST", "/api/v1/tokens", "req-token-1", "application/json",
                "{\"name\":\"ci-a\",\"roles\":[\"scanner\"]}");
        assertThat(token.statusCode()).isEqualTo(201);
        String tokenId = json(token).path("id").asText();
        JsonNode tokenEntry = only("token.create", "token:" + tokenId);
        assertEntry(tokenEntry, ADMIN, "req-token-1");
        assertThat(tokenEntry.path("beforeDigest").isNull()).isTrue();
        assertThat(tokenEntry.path("afterDigest").asText()).hasSize(64);

        assertThat(send("POST", "/api/v1/services", "req-svc-1", "application/json", "{\"slug\":\"audit-a\"}").statusCode())
                .isEqualTo(201);
        assertEntry(only("service.create", "service:audit-a"), ADMIN, "req-svc-1");

        assertThat(send("PUT", "/api/v1/providers/audit-mailer", "req-prov-1", "application/json",
                "{\"capabilities\":[\"email\"],\"regions\":[\"eu\"]}").statusCode()).isEqualTo(200);
        assertEntry(only("provider.create", "provider:audit-mailer"), ADMIN, "req-prov-1");
        // the same attributes again change nothing: no entry
        assertThat(send("PUT", "/api/v1/providers/audit-mailer", "req-prov-2", "application/json",
                "{\"capabilities\":[\"email\"],\"regions\":[\"eu\"]}").statusCode()).isEqualTo(200);
        assertThat(audit("?target=provider:audit-mailer").path("total").asLong()).isEqualTo(1);
        assertThat(send("PUT", "/api/v1/providers/audit-mailer", "req-prov-3", "application/json",
                "{\"capabilities\":[\"email\",\"sms\"],\"regions\":[\"eu\"]}").statusCode()).isEqualTo(200);
        JsonNode providerUpdate = only("provider.update", "provider:audit-mailer");
        assertEntry(providerUpdate, ADMIN, "req-prov-3");
        assertThat(providerUpdate.path("beforeDigest").asText()).hasSize(64).isNotEqualTo(providerUpdate.path("afterDigest").asText());

        assertThat(send("PUT", "/api/v1/services/audit-a/contracts/mail", "req-contract-1", "application/yaml",
                "provider: audit-mailer\ncapability: email\nmode: async\n").statusCode()).isEqualTo(200);
        assertEntry(only("contract.put", "service:audit-a/contract:mail"), ADMIN, "req-contract-1");

        assertThat(send("POST", "/api/v1/topology", "req-topo-1", "application/yaml", """
                service: audit-b
                owner: team-b
                tier: standard
                critical_dependencies:
                  - name: a
                    service: audit-a
                    mode: async
                """).statusCode()).isEqualTo(200);
        assertEntry(only("topology.import", "service:audit-b"), ADMIN, "req-topo-1");
        // the same file again changes nothing: no entry; a dry run writes nothing either
        send("POST", "/api/v1/topology", "req-topo-2", "application/yaml", "service: audit-b\nowner: team-b\ntier: standard\n"
                + "critical_dependencies:\n  - name: a\n    service: audit-a\n    mode: async\n");
        send("POST", "/api/v1/topology?dryRun=true", "req-topo-3", "application/yaml", "service: audit-b\nowner: team-c\n");
        assertThat(audit("?action=topology.import").path("total").asLong()).isEqualTo(1);

        HttpResponse<String> upload = portal.send("POST", "/api/v1/services/audit-a/sboms?wait=60", ADMIN_TOKEN, CDX_JSON,
                fixture("checkout-1.6.json"), "X-Request-Id", "req-upload-1");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        String jobId = json(upload).path("id").asText();
        String jobTarget = "service:audit-a/sbom-job:" + jobId;
        assertEntry(only("sbom.upload", jobTarget), ADMIN, "req-upload-1");
        // the ingestion is recorded by the worker, for the uploader, under the upload's request id
        assertEntry(only("sbom.ingest", jobTarget), ADMIN, "req-upload-1");

        HttpResponse<String> policy = send("POST", "/api/v1/policies", "req-policy-1", "application/json",
                "{\"name\":\"audit-no-log4j\",\"expression\":\"pkg.name == 'log4j-core'\",\"severity\":\"warn\"}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        assertEntry(only("policy.create", "policy:audit-no-log4j"), ADMIN, "req-policy-1");
        assertThat(send("POST", "/api/v1/policies/audit-no-log4j/disable", "req-policy-2", null, null).statusCode()).isEqualTo(200);
        assertEntry(only("policy.disable", "policy:audit-no-log4j"), ADMIN, "req-policy-2");

        String purl = "pkg:maven/org.apache.logging.log4j/log4j-core";
        HttpResponse<String> review = send("POST", "/api/v1/reviews", "req-review-1", "application/json",
                "{\"purl\":\"" + purl + "\",\"reason\":\"log4shell era\"}");
        assertThat(review.statusCode()).as(review.body()).isEqualTo(201);
        String reviewId = json(review).path("id").asText();
        String reviewer = portal.token("audit-reviewer", "\"reviewer\"", null);
        HttpResponse<String> transition = portal.send("POST", "/api/v1/reviews/" + reviewId + "/transitions", reviewer,
                "application/json", "{\"to\":\"in_review\",\"reason\":\"taking it\"}".getBytes(StandardCharsets.UTF_8),
                "X-Request-Id", "req-review-2");
        assertThat(transition.statusCode()).as(transition.body()).isEqualTo(200);
        JsonNode requested = only("review.request", "package:" + purl + "/review:" + reviewId);
        assertEntry(requested, ADMIN, "req-review-1");
        assertThat(requested.path("reason").asText()).isEqualTo("log4shell era");
        JsonNode transitioned = only("review.transition", "package:" + purl + "/review:" + reviewId);
        assertEntry(transitioned, ADMIN + "/audit-reviewer", "req-review-2");
        assertThat(transitioned.path("reason").asText()).isEqualTo("taking it");

        assertThat(send("DELETE", "/api/v1/services/audit-a/contracts/mail", "req-contract-2", null, null).statusCode()).isEqualTo(200);
        JsonNode removed = only("contract.remove", "service:audit-a/contract:mail");
        assertEntry(removed, ADMIN, "req-contract-2");
        assertThat(removed.path("afterDigest").isNull()).isTrue();

        assertThat(send("DELETE", "/api/v1/tokens/" + tokenId, "req-token-2", null, null).statusCode()).isEqualTo(200);
        assertEntry(only("token.revoke", "token:" + tokenId), ADMIN, "req-token-2");
        // revoking again changes nothing
        send("DELETE", "/api/v1/tokens/" + tokenId, "req-token-3", null, null);
        assertThat(audit("?action=token.revoke").path("total").asLong()).isEqualTo(1);

        // refused writes append nothing
        long before = verify().path("entries").asLong();
        assertThat(send("POST", "/api/v1/services", "req-svc-2", "application/json", "{\"slug\":\"audit-a\"}").statusCode()).isEqualTo(409);
        assertThat(portal.send("POST", "/api/v1/services/audit-a/sboms", ADMIN_TOKEN, CDX_JSON, "{".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);
        assertThat(verify().path("entries").asLong()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void theListFiltersByActorTargetActionAndTime() {
        Instant start = Instant.now();
        String viewer = portal.token("audit-viewer", "\"viewer\"", null);
        assertThat(portal.send("POST", "/api/v1/reviews", viewer, "application/json",
                "{\"purl\":\"pkg:maven/com.fasterxml.jackson.core/jackson-databind\",\"reason\":\"check\"}"
                        .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);

        JsonNode byViewer = audit("?actor=" + enc(ADMIN + "/audit-viewer"));
        assertThat(byViewer.path("total").asLong()).isEqualTo(1);
        assertThat(byViewer.path("items").get(0).path("action").asText()).isEqualTo("review.request");

        // a target finds itself and what is below it, never a mere namesake prefix
        assertThat(send("POST", "/api/v1/services", "req-svc-3", "application/json", "{\"slug\":\"audit-ab\"}").statusCode())
                .isEqualTo(201);
        Set<String> belowA = new HashSet<>();
        audit("?target=service:audit-a").path("items").forEach(e -> belowA.add(e.path("action").asText()));
        assertThat(belowA).containsExactlyInAnyOrder("service.create", "contract.put", "contract.remove", "sbom.upload", "sbom.ingest");

        JsonNode page = audit("?action=service.create&limit=1");
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(page.path("limit").asInt()).isEqualTo(1);
        assertThat(page.path("offset").asInt()).isEqualTo(0);

        JsonNode since = audit("?from=" + enc(start.toString()));
        assertThat(since.path("total").asLong()).isEqualTo(3); // the viewer token, its review, audit-ab
        JsonNode until = audit("?to=" + enc(start.toString()));
        assertThat(until.path("total").asLong() + since.path("total").asLong()).isEqualTo(verify().path("entries").asLong());

        HttpResponse<String> bad = portal.get("/api/v1/audit?from=tomorrow", ADMIN_TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("from").contains("ISO-8601");
    }

    @Test
    @Order(3)
    void verificationIsValidAndTheAnchorReachesTheMetrics() throws Exception {
        JsonNode verified = verify();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        JsonNode newest = audit("?limit=1").path("items").get(0);
        assertThat(verified.path("entries").asLong()).isEqualTo(newest.path("seq").asLong());
        assertThat(verified.path("head").asText()).isEqualTo(newest.path("hash").asText());

        String expected = "trustmap_audit_head_info{hash=\"" + verified.path("head").asText() + "\"} 1";
        String metrics = "";
        for (int i = 0; i < 100 && !metrics.contains(expected); i++) {
            Thread.sleep(100);
            metrics = portal.get("/metrics", null).body();
        }
        assertThat(metrics).contains(expected).contains("trustmap_audit_entries " + verified.path("entries").asLong() + ".0");
    }

    @Test
    @Order(4)
    void concurrentWritesLeaveOneLinearChainWithoutGaps() throws Exception {
        long before = verify().path("entries").asLong();
        int parallel = 20;
        ExecutorService pool = Executors.newFixedThreadPool(2 * parallel);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            byte[] sbom = fixture("checkout-1.6.json");
            for (int i = 0; i < parallel; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return send("POST", "/api/v1/services", "req-par-svc-" + n, "application/json", "{\"slug\":\"par-svc-" + n + "\"}");
                }));
                futures.add(pool.submit(() -> {
                    go.await();
                    return portal.send("POST", "/api/v1/services/par-up-" + n + "/sboms?autoCreate=true&wait=120", ADMIN_TOKEN,
                            CDX_JSON, sbom, "X-Request-Id", "req-par-up-" + n);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> response = f.get(180, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            }
        } finally {
            pool.shutdownNow();
        }
        // each create one entry; each upload: its service's creation, the upload, the ingestion
        long expected = before + parallel + 3L * parallel;
        JsonNode verified = verify();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("entries").asLong()).isEqualTo(expected);
        List<Long> seqs = new ArrayList<>();
        for (int offset = 0; offset < expected; offset += 500) {
            audit("?limit=500&offset=" + offset).path("items").forEach(e -> seqs.add(e.path("seq").asLong()));
        }
        assertThat(seqs).hasSize((int) expected);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(expected - i); // newest first: N, N-1, … 1, no gaps, no repeats
        }
        assertThat(audit("?action=sbom.ingest").path("total").asLong()).isEqualTo(1 + parallel);
        assertThat(portal.count("SELECT COUNT(*) FROM audit_entry")).isEqualTo(expected);
    }

    @Test
    @Order(5)
    void aRolledBackWriteLeavesNoEntry() {
        long before = verify().path("entries").asLong();
        try (Database db = Database.open(portal.db)) {
            AuditService audit = new AuditService(db, new AuditRepository(), Clock.systemUTC());
            try {
                db.inTransaction(tx -> {
                    audit.record(tx, new Actor("test", "req-rollback"), "test.rollback", "test:1", null, null, Map.of("a", 1));
                    throw new IllegalStateException("the write fails after its entry was appended");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
        }
        assertThat(audit("?action=test.rollback").path("total").asLong()).isZero();
        JsonNode verified = verify();
        assertThat(verified.path("valid").asBoolean()).isTrue();
        assertThat(verified.path("entries").asLong()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void anEditedEntryIsNamedByVerification() throws Exception {
        long seq = only("service.create", "service:audit-a").path("seq").asLong();
        String original = reason(seq);
        tamper(seq, "edited by hand");
        try {
            JsonNode verified = verify();
            assertThat(verified.path("valid").asBoolean()).isFalse();
            assertThat(verified.path("brokenAt").asLong()).isEqualTo(seq);
            assertThat(verified.path("entries").asLong()).isEqualTo(seq - 1);
            assertThat(verified.path("reason").asText()).contains("entry " + seq).contains("changed");
        } finally {
            tamper(seq, original);
        }
        assertThat(verify().path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void aHeadMovedBackOrEntriesDeletedAtTheEndAreNamed() {
        JsonNode valid = verify();
        long last = valid.path("entries").asLong();
        String hash = valid.path("head").asText();
        JsonNode previous = audit("?limit=2").path("items").get(1);
        // the head (updatable: every append moves it) set back by one, the last entry left in place
        portal.execute("UPDATE audit_head SET seq = " + (last - 1) + ", hash = '" + previous.path("hash").asText() + "' WHERE id = 1");
        try {
            JsonNode verified = verify();
            assertThat(verified.path("valid").asBoolean()).isFalse();
            assertThat(verified.path("brokenAt").asLong()).isEqualTo(last);
            assertThat(verified.path("reason").asText()).contains("moved back");
        } finally {
            portal.execute("UPDATE audit_head SET seq = " + last + ", hash = '" + hash + "' WHERE id = 1");
        }
        // the head naming entries that are not there (deleted at the end)
        portal.execute("UPDATE audit_head SET seq = " + (last + 2) + " WHERE id = 1");
        try {
            JsonNode verified = verify();
            assertThat(verified.path("valid").asBoolean()).isFalse();
            assertThat(verified.path("brokenAt").asLong()).isEqualTo(last + 1);
            assertThat(verified.path("entries").asLong()).isEqualTo(last);
            assertThat(verified.path("reason").asText()).contains("missing");
        } finally {
            portal.execute("UPDATE audit_head SET seq = " + last + ", hash = '" + hash + "' WHERE id = 1");
        }
        assertThat(verify().path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(8)
    void onlyAdminsReadTheChain() {
        String viewer = portal.token("audit-viewer-2", "\"viewer\"", null);
        String reviewer = portal.token("audit-reviewer-2", "\"reviewer\"", null);
        for (String path : List.of("/api/v1/audit", "/api/v1/audit/verify")) {
            assertThat(portal.get(path, viewer).statusCode()).isEqualTo(403);
            assertThat(portal.get(path, reviewer).statusCode()).isEqualTo(403);
            assertThat(portal.get(path, null).statusCode()).isEqualTo(401);
        }
        // failed authentications are counted, not audited
        Supplier<Double> failures = () -> portal.get("/metrics", null).body().lines()
                .filter(l -> l.startsWith("trustmap_authentication_failures_total")).map(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(-1.0);
        double counted = failures.get();
        assertThat(portal.get("/api/v1/services", "tm_not_a_token_at_all_0123456789").statusCode()).isEqualTo(401);
        assertThat(failures.get()).isEqualTo(counted + 1);
        assertThat(audit("?action=auth.failed").path("total").asLong()).isZero();
    }

    /** The stored reason of an entry (null when it has none). */
    String reason(long seq) throws SQLException {
        try (Connection connection = DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password());
             PreparedStatement query = connection.prepareStatement("SELECT reason FROM audit_entry WHERE seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
