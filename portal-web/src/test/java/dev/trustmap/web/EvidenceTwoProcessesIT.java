package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two portal processes' collectors on one PostgreSQL share the evidence queue: every package
 * version is collected once, by one of them, and collection stopped half-way by a shutdown is
 * finished by the other (or after a restart). The registry answers slowly so both are busy at once.
 */
class EvidenceTwoProcessesIT {
    static final int PACKAGES = 40;

    @Test
    void twoProcessesShareTheQueueAndFinishEachOthersWork() throws Exception {
        try (RecordedRegistry registry = new RecordedRegistry()) {
            List<String> components = new ArrayList<>();
            for (int i = 0; i < PACKAGES; i++) {
                String name = "tm-shared-" + i;
                String doc = """
                        {"name": "%s", "versions": {"1.0.0": {"name": "%s", "version": "1.0.0", "license": "MIT",
                          "_npmUser": {"name": "alice"}, "dist": {"shasum": "%040d"}}},
                         "time": {"1.0.0": "2025-01-01T00:00:00.000Z"}, "maintainers": [{"name": "alice"}, {"name": "bob"}]}
                        """.formatted(name, name, i);
                registry.override("/npm/" + name, n -> new RecordedRegistry.Answer(200, "application/json",
                        doc.getBytes(StandardCharsets.UTF_8), 150));
                components.add(EvidenceApiContract.component("pkg:npm/" + name + "@1.0.0", null, null));
            }
            DatabaseSettings db = TestDatabases.postgres();
            Map<String, String> env = Map.of("TRUSTMAP_EVIDENCE_WORKERS", "2", "TRUSTMAP_MAVEN_CENTRAL_URL", registry.mavenCentral(),
                    "TRUSTMAP_NPM_REGISTRY_URL", registry.npm());
            TestPortal first = TestPortal.start(db, env);
            try (TestPortal second = TestPortal.start(db, env)) {
                assertThat(first.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"shared\"}").statusCode()).isEqualTo(201);
                assertThat(first.upload("shared", "?wait=30", "application/vnd.cyclonedx+json",
                        EvidenceApiContract.sbom(components.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
                // let both work for a while, then stop the first in the middle of its batch
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (first.count("SELECT COUNT(*) FROM version_evidence") < PACKAGES / 4 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                first.close();
                long collectedWhenStopped = second.count("SELECT COUNT(*) FROM version_evidence");
                assertThat(collectedWhenStopped).isLessThan(PACKAGES);

                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (second.count("SELECT COUNT(*) FROM version_evidence") < PACKAGES && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(second.count("SELECT COUNT(*) FROM version_evidence")).isEqualTo(PACKAGES);
                assertThat(second.count("SELECT COUNT(*) FROM evidence_task WHERE lease_owner IS NOT NULL")).isZero();
                assertThat(second.count("SELECT COUNT(*) FROM version_evidence WHERE status = 'complete' AND health_score = 100")).isEqualTo(PACKAGES);
                // each document was asked for once: no task was collected twice (the cache is shared, and fresh)
                for (int i = 0; i < PACKAGES; i++) {
                    assertThat(registry.requests("/npm/tm-shared-" + i)).as("tm-shared-" + i).isEqualTo(1);
                }
                // a restart finds nothing left to do
                int before = registry.totalRequests();
                try (TestPortal restarted = TestPortal.start(db, env)) {
                    Thread.sleep(3_000);
                    assertThat(registry.totalRequests()).isEqualTo(before);
                }
            } finally {
                first.close();
            }
        }
    }
}
