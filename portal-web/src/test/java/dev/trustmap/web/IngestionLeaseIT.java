package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;
import dev.trustmap.scanner.sbom.SbomGenerator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Leases of long ingestions, with two portal processes' workers on one real PostgreSQL. */
class IngestionLeaseIT {
    private static final Map<String, String> SHORT_LEASE = Map.of("TRUSTMAP_JOB_LEASE_SECONDS", "5", "TRUSTMAP_INGEST_WORKERS", "1",
            "TRUSTMAP_UPLOAD_MAX_BYTES", String.valueOf(100 << 20));

    @Test
    void aJobThatRunsLongerThanItsLeaseKeepsItAndIsDoneOnce() throws Exception {
        DatabaseSettings db = TestDatabases.postgres();
        try (TestPortal a = TestPortal.start(db, SHORT_LEASE); TestPortal b = TestPortal.start(db, SHORT_LEASE)) {
            // large enough to outlive the shortest lease on a fast machine (100,000 took 3.8 s on PostgreSQL on 2026-12-05)
            HttpResponse<String> upload = a.upload("long", "?autoCreate=true&wait=300", "application/json",
                    SbomGenerator.generateLean(300_000, 8));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            JsonNode job = TestPortal.json(upload);
            Duration took = Duration.between(OffsetDateTime.parse(job.get("startedAt").asText()),
                    OffsetDateTime.parse(job.get("finishedAt").asText()));
            assertThat(took).as("the ingestion outlived its 5 s lease (else this test proves nothing)").isGreaterThan(Duration.ofSeconds(5));
            assertThat(job.get("attempts").asInt()).as("never taken over while its worker was alive").isEqualTo(1);
            assertThat(job.get("result").get("unchanged").asBoolean()).isFalse();
            assertThat(a.count("SELECT COUNT(*) FROM sbom_snapshot")).isEqualTo(1);
        }
    }

    @Test
    void aJobStillRunningWhenAGracefulShutdownEndsIsHandedBackAtOnceAndFinishedElsewhere() throws Exception {
        DatabaseSettings db = TestDatabases.postgres();
        Map<String, String> env = Map.of("TRUSTMAP_SHUTDOWN_GRACE_SECONDS", "1", "TRUSTMAP_INGEST_WORKERS", "1");
        TestPortal first = TestPortal.start(db, env);
        CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> first.upload("handed-back",
                "?autoCreate=true&wait=0", "application/json", SbomGenerator.generateLean(100_000, 9)));
        HttpResponse<String> accepted = upload.get(120, TimeUnit.SECONDS);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = TestPortal.json(accepted).get("id").asText();
        long deadline = System.currentTimeMillis() + 30_000;
        while (first.count("SELECT COUNT(*) FROM ingestion_job WHERE state = 'processing'") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        first.close();
        assertThat(first.count("SELECT COUNT(*) FROM ingestion_job WHERE state = 'queued' AND lease_owner IS NULL"))
                .as("handed back at once, not left to wait for its lease").isEqualTo(1);
        assertThat(first.count("SELECT COUNT(*) FROM sbom_snapshot")).as("nothing half-written").isZero();
        try (TestPortal second = TestPortal.start(db, env)) {
            HttpResponse<String> done = second.get("/api/v1/jobs/" + id + "?wait=240", ADMIN_TOKEN);
            assertThat(TestPortal.json(done).get("state").asText()).as(done.body()).isEqualTo("completed");
            assertThat(TestPortal.json(done).get("attempts").asInt()).isEqualTo(2);
        }
    }
}
