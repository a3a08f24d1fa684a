package dev.trustmap.api.evidence;

import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.evidence.EvidenceTask;
import dev.trustmap.database.platform.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.trustmap.scanner.registry.RegistryClient;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Background evidence collection. New package versions get a task (a sweep right after each
 * ingestion and every half minute); due tasks are claimed in small batches under a lease and
 * collected by a bounded pool; the registry client bounds what reaches each registry. Tasks live
 * in the database, so a restart (or another replica) resumes where this process stopped, and a
 * task held by a dead process is taken over when its lease runs out.
 */
public final class EvidenceJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceJob.class);
    static final Duration LEASE = Duration.ofMinutes(10);
    static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final Database db;
    private final EvidenceRepository evidence;
    private final EvidenceService service;
    private final Clock clock;
    private final int workers;
    private final String owner = "evidence-" + ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final Counter complete;
    private final Counter degraded;
    private final Counter failed;
    private final Timer duration;
    private volatile boolean running;
    private boolean sweepRequested = true;
    private Thread loop;
    private ExecutorService pool;

    public EvidenceJob(Database db, EvidenceRepository evidence, EvidenceService service, RegistryClient registries, Clock clock,
                       int workers, MeterRegistry metrics) {
        this.db = db;
        this.evidence = evidence;
        this.service = service;
        this.clock = clock;
        this.workers = workers;
        this.complete = Counter.builder("trustmap_evidence_collections").tag("status", "complete")
                .description("Evidence collections stored").register(metrics);
        this.degraded = Counter.builder("trustmap_evidence_collections").tag("status", "degraded").register(metrics);
        this.failed = Counter.builder("trustmap_evidence_collections").tag("status", "failed").register(metrics);
        this.duration = Timer.builder("trustmap_evidence_collection_seconds").description("One package version's collection")
                .register(metrics);
        Gauge.builder("trustmap_registry_requests", () -> registries.stats().requests())
                .description("Requests sent to package registries by this process").register(metrics);
        Gauge.builder("trustmap_registry_fetches", () -> registries.stats().fetches())
                .description("Registry fetches asked for by this process (cached or not)").register(metrics);
        Gauge.builder("trustmap_registry_cache_hits", () -> registries.stats().cacheHits() + registries.stats().revalidated())
                .description("Registry fetches answered from the cache without a download (fresh entry or 304)").register(metrics);
        Gauge.builder("trustmap_registry_cache_hit_ratio", () -> registries.stats().hitRate())
                .description("Share of registry fetches answered from the cache or by 304").register(metrics);
        Gauge.builder("trustmap_registry_failures", () -> registries.stats().failures())
                .description("Registry fetches that failed after their retries").register(metrics);
        Gauge.builder("trustmap_evidence_due_tasks", () -> {
            try {
                return db.inTransaction(tx -> evidence.dueCount(tx, OffsetDateTime.now(clock)));
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Package versions whose evidence is due for collection").register(metrics);
    }

    public void start() {
        if (workers == 0) {
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "evidence-worker");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::loop, "evidence-scheduler");
        loop.setDaemon(true);
        loop.start();
    }

    /** New package versions may exist (an SBOM was ingested): sweep for them soon. */
    public void nudge() {
        synchronized (signal) {
            sweepRequested = true;
            signal.notifyAll();
        }
    }

    public void stop(Duration grace) {
        if (!running) {
            return;
        }
        running = false;
        nudge();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow(); // leases run out; another process (or the next start) takes over
            }
            loop.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long lastSweep = 0;
        while (running) {
            try {
                boolean sweep;
                synchronized (signal) {
                    sweep = sweepRequested || System.nanoTime() - lastSweep > SWEEP_EVERY.toNanos();
                    sweepRequested = false;
                }
                if (sweep) {
                    int added = db.inTransaction(tx -> evidence.enqueueMissing(tx, OffsetDateTime.now(clock)));
                    lastSweep = System.nanoTime();
                    if (added > 0) {
                        LOG.info("Evidence queued for {} new package version(s)", added);
                    }
                }
                OffsetDateTime now = OffsetDateTime.now(clock);
                List<EvidenceTask> batch = db.inTransaction(tx -> evidence.claim(tx, owner, now, now.plus(LEASE), workers * 4));
                if (batch.isEmpty()) {
                    idle();
                    continue;
                }
                List<Future<?>> running = new ArrayList<>();
                for (EvidenceTask task : batch) {
                    running.add(pool.submit(() -> collect(task)));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // stopping
            } catch (Exception e) {
                LOG.warn("Evidence scheduling failed ({}); retrying", e.toString());
                idle();
            }
        }
    }

    private void collect(EvidenceTask task) {
        long started = System.nanoTime();
        MDC.put("purl", task.versionPurl());
        try {
            EvidenceService.Outcome outcome = service.collect(task, owner);
            if (outcome.stored()) {
                ("complete".equals(outcome.status()) ? complete : degraded).increment();
            }
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("Evidence collection for {} failed: {}", task.versionPurl(), e.toString());
            OffsetDateTime retry = OffsetDateTime.now(clock).plusMinutes(Math.min(60, 1L << Math.min(task.attempts(), 6)));
            try {
                db.inTransaction(tx -> evidence.release(tx, task.versionId(), owner, retry, e.getClass().getSimpleName()));
            } catch (RuntimeException releaseFailure) {
                LOG.debug("Could not release {}; its lease will run out", task.versionPurl());
            }
        } finally {
            duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            MDC.remove("purl");
        }
    }

    private void idle() {
        synchronized (signal) {
            if (!sweepRequested && running) {
                try {
                    signal.wait(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
