package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.database.testing.PostgresTestServer;
import dev.trustmap.database.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real PostgreSQL goes away under a running portal and comes back. */
class DatabaseOutageIT {

    @Test
    void notReadyAndWritesFailFastWithRetryAfterWhileTheDatabaseIsDown() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        try (TestPortal portal = TestPortal.start(TestDatabases.postgres(), Map.of("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000"))) {
            HttpResponse<String> first = portal.upload("checkout-api", "?autoCreate=true&wait=30", "application/json",
                    fixture("checkout-1.6.json"));
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> topology = portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml",
                    TopologyApiContract.topology("org.yaml"));
            assertThat(topology.statusCode()).as(topology.body()).isEqualTo(200);
            Map<String, Long> before = portal.rowCounts();

            server.stop();
            try {
                // readiness follows the health probe (every second)
                long notReadyBy = System.currentTimeMillis() + 5_000;
                HttpResponse<String> ready = portal.get("/health/ready", null);
                while (ready.statusCode() != 503 && System.currentTimeMillis() < notReadyBy) {
                    Thread.sleep(100);
                    ready = portal.get("/health/ready", null);
                }
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.headers().firstValue("Retry-After")).isPresent();
                assertThat(portal.get("/health/live", null).statusCode()).isEqualTo(200);

                long started = System.nanoTime();
                HttpResponse<String> upload = portal.upload("checkout-api", "?wait=30", "application/json", fixture("checkout-v2.json"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);
                assertThat(upload.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(upload.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
                assertThat(upload.body()).contains("nothing was written").doesNotContain("Exception");
                assertThat(millis).as("fails fast rather than hanging").isLessThan(10_000);

                HttpResponse<String> put = portal.send("PUT", "/api/v1/services/checkout-api/contracts/new-dep", ADMIN_TOKEN,
                        "application/yaml", "provider: twilio\ncapability: sms\n".getBytes());
                assertThat(put.statusCode()).isEqualTo(503);
                assertThat(put.headers().firstValue("Retry-After")).isPresent();

                // incident lookups keep answering from the snapshot, and say so
                long deadline = System.currentTimeMillis() + 15_000;
                HttpResponse<String> lookup = portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN);
                while (!lookup.headers().firstValue("X-Trustmap-Snapshot-Source").orElse("").equals("snapshot")
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                    lookup = portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN);
                }
                assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
                assertThat(lookup.headers().firstValue("X-Trustmap-Snapshot-Source")).hasValue("snapshot");
                assertThat(Long.parseLong(lookup.headers().firstValue("X-Trustmap-Snapshot-Age").orElseThrow())).isGreaterThanOrEqualTo(0);
                var body = TestPortal.json(lookup);
                assertThat(body.get("snapshot").get("databaseReachable").asBoolean()).isFalse();
                assertThat(body.get("affected").get(0).get("service").asText()).isEqualTo("checkout-api");
                assertThat(portal.get("/api/v1/incident/services/checkout-api/providers", ADMIN_TOKEN).statusCode()).isEqualTo(200);
                assertThat(portal.get("/api/v1/capabilities", ADMIN_TOKEN).statusCode()).isEqualTo(200);
            } finally {
                server.start();
            }

            long deadline = System.currentTimeMillis() + 30_000;
            while (portal.get("/health/ready", null).statusCode() != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(portal.get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(portal.rowCounts()).as("the failed upload left nothing behind").isEqualTo(before);
            HttpResponse<String> after = portal.upload("checkout-api", "?wait=30", "application/json", fixture("checkout-v2.json"));
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            assertThat(TestPortal.json(portal.get("/api/v1/services/checkout-api", ADMIN_TOKEN)).get("history")).hasSize(2);
        }
    }

    private static long timed(java.util.concurrent.Callable<HttpResponse<String>> call, int expectedStatus) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = call.call();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return millis;
    }

    /** 200 sequential lookups of one provider (each must answer 200), their times in ms, fastest first. */
    private static java.util.List<Long> lookupMillis(TestPortal portal, String token) throws Exception {
        java.util.List<Long> lookups = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lookups.add(timed(() -> portal.get("/api/v1/incident/providers/stripe", token), 200));
        }
        java.util.Collections.sort(lookups);
        return lookups;
    }

    @Test
    void duringAnOutageNothingThatDoesNotNeedTheDatabaseWaitsForItAndWritesFailWithinTheConnectTimeout() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        try (TestPortal portal = TestPortal.start(TestDatabases.postgres(), Map.of("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000"))) {
            assertThat(portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml",
                    TopologyApiContract.topology("org.yaml")).statusCode()).isEqualTo(200);
            String viewer = portal.token("on-call", "\"viewer\"", null);
            assertThat(portal.get("/api/v1/incident/providers/stripe", viewer).statusCode()).isEqualTo(200);
            server.stop();
            try {
                long deadline = System.currentTimeMillis() + 5_000;
                while (portal.get("/health/ready", null).statusCode() != 503 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(timed(() -> portal.get("/health/ready", null), 503)).as("readiness answers at once").isLessThan(1_000);
                assertThat(timed(() -> portal.get("/metrics", null), 200)).as("a scrape answers at once").isLessThan(1_000);
                assertThat(portal.get("/metrics", null).body()).contains("trustmap_ingestion_queue_jobs");
                // past the 10 s after which a token is normally checked again: the recently used token keeps working,
                // and no lookup waits for the dead database
                Thread.sleep(11_000);
                java.util.List<Long> lookups = lookupMillis(portal, viewer);
                assertThat(lookups.get(197)).as("p99 of incident lookups with the database down, ms: " + lookups).isLessThan(250);
                long write = timed(() -> portal.send("PUT", "/api/v1/providers/new-provider", ADMIN_TOKEN, "application/json",
                        "{\"capabilities\":[\"sms\"]}".getBytes()), 503);
                assertThat(write).as("a write fails within the connect timeout + 1 s").isLessThan(2_000);
                HttpResponse<String> upload = portal.upload("checkout-api", "?wait=30&autoCreate=true", "application/json",
                        fixture("checkout-v2.json"));
                assertThat(upload.statusCode()).isEqualTo(503);
                assertThat(upload.headers().firstValue("Retry-After")).isPresent();
            } finally {
                server.start();
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (portal.get("/health/ready", null).statusCode() != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(portal.get("/health/ready", null).statusCode()).as("recovers without a restart").isEqualTo(200);
            assertThat(portal.send("PUT", "/api/v1/providers/new-provider", ADMIN_TOKEN, "application/json",
                    "{\"capabilities\":[\"sms\"]}".getBytes()).statusCode()).isIn(200, 201);
        }
    }

    @Test
    void aPortalStartedWhileTheDatabaseIsDownAnswersIncidentLookupsFromTheSavedSnapshotAndConnectsWhenItReturns() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        var settings = TestDatabases.postgres();
        Map<String, String> env = Map.of("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000", "TRUSTMAP_DATA_DIR", TestPortal.tempDir().toString());
        String viewer;
        try (TestPortal before = TestPortal.start(settings, env)) {
            assertThat(before.send("POST", "/api/v1/topology", ADMIN_TOKEN, "application/yaml",
                    TopologyApiContract.topology("org.yaml")).statusCode()).isEqualTo(200);
            viewer = before.token("on-call", "\"viewer\"", null);
            assertThat(before.get("/api/v1/incident/providers/stripe", viewer).statusCode()).isEqualTo(200);
        }
        String neverUsed;
        server.stop();
        boolean down = true;
        try {
            long started = System.nanoTime();
            try (TestPortal portal = TestPortal.start(settings, env)) {
                assertThat((System.nanoTime() - started) / 1_000_000).as("starts without waiting for the database").isLessThan(10_000);
                assertThat(portal.portal.connection()).isNotDone();
                assertThat(timed(() -> portal.get("/health/ready", null), 503)).isLessThan(1_000);
                assertThat(portal.get("/health/live", null).statusCode()).isEqualTo(200);
                assertThat(timed(() -> portal.get("/metrics", null), 200)).isLessThan(1_000);

                // the saved snapshot answers, for the token used before the restart, and says so
                HttpResponse<String> lookup = portal.get("/api/v1/incident/providers/stripe", viewer);
                assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
                assertThat(lookup.headers().firstValue("X-Trustmap-Snapshot-Source")).hasValue("snapshot");
                var body = TestPortal.json(lookup);
                assertThat(body.get("snapshot").get("databaseReachable").asBoolean()).isFalse();
                assertThat(body.get("affected").get(0).get("service").asText()).isEqualTo("checkout-api");
                assertThat(portal.get("/api/v1/incident/services/checkout-api/providers", viewer).statusCode()).isEqualTo(200);
                assertThat(portal.get("/api/v1/capabilities", viewer).statusCode()).isEqualTo(200);
                java.util.List<Long> lookups = lookupMillis(portal, viewer);
                assertThat(lookups.get(197)).as("p99 of incident lookups, ms: " + lookups).isLessThan(250);

                // a token this portal cannot check is not let in, and not called unknown either
                HttpResponse<String> unchecked = portal.get("/api/v1/incident/providers/stripe", "tm_not_a_token_anyone_has_0123456789");
                assertThat(unchecked.statusCode()).isEqualTo(503);
                // everything that needs the database says why, at once
                HttpResponse<String> services = portal.get("/api/v1/services", viewer);
                assertThat(services.statusCode()).isEqualTo(503);
                assertThat(services.headers().firstValue("Retry-After")).isPresent();
                assertThat(services.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
                assertThat(services.body()).contains("incident lookups");
                assertThat(timed(() -> portal.send("PUT", "/api/v1/providers/new-provider", ADMIN_TOKEN, "application/json",
                        "{\"capabilities\":[\"sms\"]}".getBytes()), 503)).isLessThan(2_000);

                server.start();
                down = false;
                portal.portal.connection().get(30, java.util.concurrent.TimeUnit.SECONDS);
                long deadline = System.currentTimeMillis() + 10_000;
                while (portal.get("/health/ready", null).statusCode() != 200 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(portal.get("/health/ready", null).statusCode()).as("connected without a restart").isEqualTo(200);
                assertThat(portal.send("PUT", "/api/v1/providers/new-provider", ADMIN_TOKEN, "application/json",
                        "{\"capabilities\":[\"sms\"]}".getBytes()).statusCode()).isIn(200, 201);
                HttpResponse<String> upload = portal.upload("checkout-api", "?wait=30", "application/json", fixture("checkout-1.6.json"));
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
                HttpResponse<String> live = portal.get("/api/v1/incident/providers/stripe", viewer);
                assertThat(live.headers().firstValue("X-Trustmap-Snapshot-Source")).hasValue("live");
                neverUsed = portal.token("never-used", "\"viewer\"", null);
                assertThat(portal.get("/api/v1/services", neverUsed).statusCode()).isEqualTo(200);
            }
        } finally {
            if (down) {
                server.start();
            }
        }
    }

    @Test
    void withoutASavedSnapshotAPortalStartedWhileTheDatabaseIsDownSaysSo() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        var settings = TestDatabases.postgres();
        server.stop();
        boolean down = true;
        try (TestPortal portal = TestPortal.start(settings, Map.of("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000"))) {
            // no token was ever checked here: nothing can be let in, but the answer says it is the database
            HttpResponse<String> lookup = portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN);
            assertThat(lookup.statusCode()).isEqualTo(503);
            assertThat(lookup.headers().firstValue("Retry-After")).isPresent();
            assertThat(lookup.body()).doesNotContain("Exception");
            server.start();
            down = false;
            portal.portal.connection().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(portal.get("/api/v1/services", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        } finally {
            if (down) {
                server.start();
            }
        }
    }

    @Test
    void anUploadWaitingWhileTheDatabaseGoesAwayNeverContradictsWhatHappened() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        try (TestPortal portal = TestPortal.start(TestDatabases.postgres(), Map.of("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000"))) {
            byte[] sbom = dev.trustmap.scanner.sbom.SbomGenerator.generate(40_000, 21);
            java.util.concurrent.CompletableFuture<HttpResponse<String>> upload = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> portal.upload("big", "?wait=60&autoCreate=true", "application/json", sbom));
            long deadline = System.currentTimeMillis() + 30_000;
            while (portal.count("SELECT COUNT(*) FROM ingestion_job") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            server.stop();
            HttpResponse<String> answer;
            try {
                answer = upload.get(90, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                server.start();
            }
            deadline = System.currentTimeMillis() + 30_000;
            while (portal.get("/health/ready", null).statusCode() != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            if (answer.statusCode() == 200) {
                assertThat(TestPortal.json(answer).get("state").asText()).isEqualTo("completed");
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                assertThat(answer.headers().firstValue("Location")).isPresent();
                String job = TestPortal.json(answer).get("id").asText();
                // the job it named is stored and is finished once the database is back
                HttpResponse<String> finished = portal.get("/api/v1/jobs/" + job + "?wait=120", ADMIN_TOKEN);
                assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
                assertThat(TestPortal.json(finished).get("state").asText()).isEqualTo("completed");
            }
            assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job WHERE state = 'completed'")).isEqualTo(1);
            assertThat(TestPortal.json(portal.get("/api/v1/services/big", ADMIN_TOKEN)).get("currentSnapshot").get("components").asInt())
                    .isEqualTo(40_000);
        }
    }
}
