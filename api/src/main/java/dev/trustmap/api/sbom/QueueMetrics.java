package dev.trustmap.api.sbom;

import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.JobState;
import dev.trustmap.database.platform.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/** Queue gauges read from the database at scrape time, so every replica reports the shared queue. */
public final class QueueMetrics {
    private QueueMetrics() {
    }

    public static void register(MeterRegistry registry, Database db, JobRepository jobs, Clock clock) {
        Gauge.builder("trustmap_ingestion_queue_oldest_age_seconds", () -> {
            try {
                return db.inTransaction(jobs::oldestWaiting)
                        .map(oldest -> Duration.between(oldest, OffsetDateTime.now(clock)).toMillis() / 1000.0)
                        .orElse(0.0);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Age of the oldest SBOM ingestion job not yet finished (0 when the queue is empty)").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("trustmap_ingestion_queue_jobs", () -> {
                try {
                    return db.inTransaction(jobs::countByState).get(state);
                } catch (RuntimeException e) {
                    return Double.NaN;
                }
            }).tag("state", state.dbValue()).description("Ingestion jobs by state").register(registry);
        }
    }
}
