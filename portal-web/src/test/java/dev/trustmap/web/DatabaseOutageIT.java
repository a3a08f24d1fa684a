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
                HttpResponse<String> ready = portal.get("/health/ready", null);
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
}
