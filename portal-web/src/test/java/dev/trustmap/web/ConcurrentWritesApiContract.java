package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.database.platform.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twenty identical writes at once, a few bursts each: create-or-update never answers 5xx, a plain
 * create has one winner and 409s, an upsert gives everyone the same outcome, and the database
 * holds exactly one row (one version) afterwards. Run on H2 and PostgreSQL.
 */
abstract class ConcurrentWritesApiContract {
    static final int PARALLEL = 20;
    static final int BURSTS = 4;
    static final String YAML = "application/yaml";
    TestPortal portal;
    ExecutorService pool;

    abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() {
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_DB_POOL_SIZE", "20"));
        pool = Executors.newFixedThreadPool(PARALLEL);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        portal.close();
    }

    /** Sends the request {@link #PARALLEL} times, all released at the same instant by one start gate. */
    List<HttpResponse<String>> burst(Supplier<HttpResponse<String>> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return request.get();
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        go.countDown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            responses.add(f.get(120, TimeUnit.SECONDS));
        }
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as("no 5xx under concurrency: %s", r.body()).isLessThan(500);
        }
        return responses;
    }

    static Map<Integer, Integer> statuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        responses.forEach(r -> counts.merge(r.statusCode(), 1, Integer::sum));
        return counts;
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        return portal.send(method, path, ADMIN_TOKEN, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void concurrentServiceCreatesHaveOneWinnerAndConflicts() throws Exception {
        for (int round = 0; round < BURSTS; round++) {
            String slug = "svc-" + round;
            List<HttpResponse<String>> responses = burst(() -> send("POST", "/api/v1/services", "application/json",
                    "{\"slug\":\"" + slug + "\",\"tier\":\"high\"}"));
            assertThat(statuses(responses)).isEqualTo(Map.of(201, 1, 409, PARALLEL - 1));
            responses.stream().filter(r -> r.statusCode() == 409)
                    .forEach(r -> assertThat(json(r).path("type").asText()).endsWith("conflict"));
            assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug = '" + slug + "'")).isEqualTo(1);
        }
    }

    @Test
    void concurrentProviderPutsStoreOneProvider() throws Exception {
        for (int round = 0; round < BURSTS; round++) {
            String name = "prov-" + round;
            List<HttpResponse<String>> responses = burst(() -> send("PUT", "/api/v1/providers/" + name, "application/json",
                    "{\"capabilities\":[\"email\"],\"regions\":[\"eu\"]}"));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, PARALLEL));
            assertThat(portal.count("SELECT COUNT(*) FROM provider WHERE name = '" + name + "'")).isEqualTo(1);
        }
    }

    @Test
    void concurrentTopologyImportsOfANewServiceStoreOneServiceAndOneVersionPerContract() throws Exception {
        for (int round = 0; round < BURSTS; round++) {
            String slug = "topo-" + round;
            String yaml = """
                    service: %s
                    owner: team-%d
                    tier: high
                    regions: [eu]
                    critical_dependencies:
                      - name: mail
                        provider: mailer-%d
                        capability: email
                        mode: async
                        fallback: "queue and resend"
                      - name: downstream
                        service: other-%d
                        mode: sync
                        fallback: "cached answer"
                    """.formatted(slug, round, round, round);
            List<HttpResponse<String>> responses = burst(() -> send("POST", "/api/v1/topology", YAML, yaml));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, PARALLEL));
            assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug = '" + slug + "'")).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM provider WHERE name = 'mailer-" + round + "'")).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract c JOIN service s ON s.id = c.service_id"
                    + " WHERE s.slug = '" + slug + "'")).as("one version of each contract").isEqualTo(2);
        }
    }

    @Test
    void concurrentContractPutsNamingANewProviderStoreOneVersionAndOneProvider() throws Exception {
        assertThat(send("POST", "/api/v1/services", "application/json", "{\"slug\":\"orders\"}").statusCode()).isEqualTo(201);
        for (int round = 0; round < BURSTS; round++) {
            String name = "pay-" + round;
            String yaml = """
                    provider: acquirer-%d
                    capability: payment
                    mode: sync
                    timeout_ms: 2000
                    fallback: "retry from the outbox"
                    """.formatted(round);
            List<HttpResponse<String>> responses = burst(() -> send("PUT", "/api/v1/services/orders/contracts/" + name, YAML, yaml));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, PARALLEL));
            responses.forEach(r -> assertThat(json(r).path("contract").path("version").asInt()).as(r.body()).isEqualTo(1));
            assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract WHERE name = '" + name + "'")).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM provider WHERE name = 'acquirer-" + round + "'")).isEqualTo(1);
        }
    }

    @Test
    void concurrentPolicyCreatesAndPutsStoreOnePolicyAndOneVersion() throws Exception {
        for (int round = 0; round < BURSTS; round++) {
            String created = "burst-post-" + round;
            List<HttpResponse<String>> posts = burst(() -> send("POST", "/api/v1/policies", "application/json",
                    "{\"name\":\"" + created + "\",\"severity\":\"warn\",\"expression\":\"scores.provenance < 10\"}"));
            assertThat(statuses(posts)).isEqualTo(Map.of(201, 1, 409, PARALLEL - 1));
            String put = "burst-put-" + round;
            List<HttpResponse<String>> puts = burst(() -> send("PUT", "/api/v1/policies/" + put, "application/json",
                    "{\"severity\":\"warn\",\"expression\":\"scores.health < 10\"}"));
            assertThat(puts).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 201));
            for (String name : List.of(created, put)) {
                assertThat(portal.count("SELECT COUNT(*) FROM policy WHERE name = '" + name + "'")).isEqualTo(1);
                assertThat(portal.count("SELECT COUNT(*) FROM policy_version v JOIN policy p ON p.id = v.policy_id"
                        + " WHERE p.name = '" + name + "'")).isEqualTo(1);
            }
        }
    }

    @Test
    void concurrentUploadsWithOneIdempotencyKeyToANewServiceMakeOneJob() throws Exception {
        byte[] sbom = TestPortal.fixture("checkout-1.6.json");
        for (int round = 0; round < BURSTS; round++) {
            String slug = "upload-" + round;
            String key = "build-" + round;
            List<HttpResponse<String>> responses = burst(() -> portal.upload(slug, "?autoCreate=true",
                    "application/vnd.cyclonedx+json", sbom, "Idempotency-Key", key));
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 202));
            assertThat(responses.stream().map(r -> json(r).path("id").asText()).distinct()).hasSize(1);
            assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug = '" + slug + "'")).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM idempotency_record WHERE idem_key = '" + key + "'")).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job j JOIN service s ON s.id = j.service_id"
                    + " WHERE s.slug = '" + slug + "'")).isEqualTo(1);
        }
    }

    @Test
    void concurrentContractChangesAddExactlyOneVersion() throws Exception {
        assertThat(send("POST", "/api/v1/services", "application/json", "{\"slug\":\"billing\"}").statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/api/v1/services/billing/contracts/mail", YAML,
                "provider: mailer\ncapability: email\nmode: async\n").statusCode()).isEqualTo(200);
        for (int round = 0; round < BURSTS; round++) {
            int timeout = 1000 + round;
            List<HttpResponse<String>> responses = burst(() -> send("PUT", "/api/v1/services/billing/contracts/mail", YAML,
                    "provider: mailer\ncapability: email\nmode: async\ntimeout_ms: " + timeout + "\n"));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, PARALLEL));
            int version = round + 2;
            responses.forEach(r -> assertThat(json(r).path("contract").path("version").asInt()).as(r.body()).isEqualTo(version));
            assertThat(responses.stream().filter(r -> json(r).path("changed").asBoolean())).as("one writer changed it").hasSize(1);
            assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract WHERE name = 'mail'")).isEqualTo(round + 2);
            assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract WHERE name = 'mail' AND current = TRUE")).isEqualTo(1);
        }
    }

    @Test
    void concurrentGatesOnANewServiceStoreOneSnapshotAndOneEvaluation() throws Exception {
        byte[] sbom = TestPortal.fixture("checkout-1.6.json");
        for (int round = 0; round < 2; round++) {
            String slug = "gate-" + round;
            List<HttpResponse<String>> responses = burst(() -> portal.send("POST", "/api/v1/gate?service=" + slug + "&autoCreate=true",
                    ADMIN_TOKEN, "application/vnd.cyclonedx+json", sbom));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, PARALLEL));
            assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug = '" + slug + "'")).isEqualTo(1);
            String ofService = " s JOIN service v ON v.id = s.service_id WHERE v.slug = '" + slug + "'";
            assertThat(portal.count("SELECT COUNT(*) FROM sbom_snapshot" + ofService)).isEqualTo(1);
            assertThat(portal.count("SELECT COUNT(*) FROM policy_evaluation e JOIN sbom_snapshot s ON s.id = e.snapshot_id"
                    + " JOIN service v ON v.id = s.service_id WHERE v.slug = '" + slug + "'")).isEqualTo(1);
            List<HttpResponse<String>> again = burst(() -> send("POST", "/api/v1/gate?service=" + slug + "&snapshot=current",
                    "application/json", ""));
            assertThat(statuses(again)).isEqualTo(Map.of(200, PARALLEL));
        }
    }

    @Test
    void concurrentReviewTransitionsHaveOneWinner() throws Exception {
        assertThat(portal.upload("reviewed", "?wait=30&autoCreate=true", "application/vnd.cyclonedx+json",
                TestPortal.fixture("checkout-1.6.json")).statusCode()).isEqualTo(200);
        for (int round = 0; round < BURSTS; round++) {
            HttpResponse<String> requested = send("POST", "/api/v1/reviews", "application/json",
                    "{\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-api\",\"reason\":\"round " + round + "\"}");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
            String id = json(requested).get("id").asText();
            List<HttpResponse<String>> responses = burst(() -> send("POST", "/api/v1/reviews/" + id + "/transitions",
                    "application/json", "{\"to\":\"in_review\"}"));
            assertThat(statuses(responses)).isEqualTo(Map.of(200, 1, 409, PARALLEL - 1));
        }
    }
}
