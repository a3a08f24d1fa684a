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
