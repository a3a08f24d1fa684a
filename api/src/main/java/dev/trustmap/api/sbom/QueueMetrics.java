package dev.trustmap.api.sbom;

import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.JobState;
import dev.trustmap.database.platform.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Queue gauges read from the database (so every replica reports the shared queue) by a
 * background refresh every few seconds, and again for a scrape, which waits for that read at most
 * half a second (then it answers with the last values): a scrape never waits for a database that is
 * down. While it cannot be read the gauges say NaN.
 */
public final class QueueMetrics implements AutoCloseable {
    private static final long REFRESH_SECONDS = 5;

    private final Database db;
    private final JobRepository jobs;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile double oldestAgeSeconds = Double.NaN;
    private volatile Map<JobState, Double> byState = new EnumMap<>(JobState.class);

    private QueueMetrics(Database db, JobRepository jobs, Clock clock) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "queue-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static QueueMetrics register(MeterRegistry registry, Database db, JobRepository jobs, Clock clock) {
        QueueMetrics metrics = new QueueMetrics(db, jobs, clock);
        Gauge.builder("trustmap_ingestion_queue_oldest_age_seconds", metrics, m -> m.oldestAgeSeconds)
                .description("Age of the oldest SBOM ingestion job not yet finished (0 when the queue is empty)").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("trustmap_ingestion_queue_jobs", metrics, m -> m.byState.getOrDefault(state, Double.NaN))
                    .tag("state", state.dbValue()).description("Ingestion jobs by state").register(registry);
        }
        return metrics;
    }

    /** Starts the refresh (after migrations). */
    public void start() {
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Refreshes for a scrape, waiting at most half a second (not at all while the database is known to be down). */
    public void refreshForScrape() {
        if (!db.isReachable()) {
            return;
        }
        try {
            refresher.submit(this::refresh).get(500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.RejectedExecutionException e) {
            // the last values are answered
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the queue now. */
    public void refresh() {
        try {
            Map<JobState, Long> counts = db.inTransaction(jobs::countByState);
            double age = db.inTransaction(jobs::oldestWaiting)
                    .map(oldest -> Duration.between(oldest, OffsetDateTime.now(clock)).toMillis() / 1000.0).orElse(0.0);
            Map<JobState, Double> values = new EnumMap<>(JobState.class);
            counts.forEach((state, n) -> values.put(state, n.doubleValue()));
            byState = values;
            oldestAgeSeconds = age;
        } catch (RuntimeException e) {
            byState = new EnumMap<>(JobState.class);
            oldestAgeSeconds = Double.NaN;
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
