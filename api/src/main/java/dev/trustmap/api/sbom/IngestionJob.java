package dev.trustmap.api.sbom;

import dev.trustmap.database.job.ClaimedJob;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.JobState;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The ingestion workers. Each worker claims the oldest claimable job from the database queue
 * (so jobs left by a restart or by another portal process are finished too), processes it and
 * waits for the next. An upload in this process hands over its already-parsed document so it is
 * not parsed twice; after a restart the stored payload is parsed again. Waiters for a job's
 * completion are woken as soon as it is committed.
 */
public final class IngestionJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionJob.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long IDLE_POLL_MILLIS = 1_000;

    private final Database db;
    private final JobRepository jobs;
    private final IngestionService ingestion;
    private final SbomReader reader;
    private final Clock clock;
    private final int workers;
    private final Duration lease;
    private final String owner = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<UUID, ParsedSbom> handedOver = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition finished = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private final Counter completed;
    private final Counter failed;
    private final Timer processing;
    private final Timer endToEnd;
    private volatile boolean running;
    private long signals;
    private volatile Runnable afterIngest = () -> { };

    public IngestionJob(Database db, JobRepository jobs, IngestionService ingestion, SbomReader reader, Clock clock,
                        int workers, Duration lease, MeterRegistry metrics) {
        this.db = db;
        this.jobs = jobs;
        this.ingestion = ingestion;
        this.reader = reader;
        this.clock = clock;
        this.workers = workers;
        this.lease = lease;
        this.completed = Counter.builder("trustmap_ingestion_jobs").tag("outcome", "completed")
                .description("SBOM ingestion jobs finished").register(metrics);
        this.failed = Counter.builder("trustmap_ingestion_jobs").tag("outcome", "failed")
                .description("SBOM ingestion jobs finished").register(metrics);
        this.processing = Timer.builder("trustmap_ingestion_processing").description("Time to store one SBOM (claim to commit)")
                .publishPercentileHistogram().register(metrics);
        this.endToEnd = Timer.builder("trustmap_ingestion_latency").description("Time from upload accepted to data committed")
                .publishPercentileHistogram().register(metrics);
    }

    /** Called after each committed ingestion (the evidence collector sweeps for new versions). */
    public void afterIngest(Runnable listener) {
        this.afterIngest = listener;
    }

    public void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::loop, "ingestion-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Stops taking new jobs and waits for the running ones to finish (up to {@code grace}). */
    public void stop(Duration grace) {
        running = false;
        signal();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Called after an upload committed its job: keeps the parsed document and wakes a worker. */
    public void offer(UUID jobId, ParsedSbom parsed) {
        if (workers > 0 && handedOver.size() < 16) {
            handedOver.put(jobId, parsed);
        }
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            signals++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the job is completed or failed, or the time is up. Woken at once by this
     * process's workers; jobs finished by another process are seen by polling.
     */
    public void awaitFinished(UUID jobId, Duration timeout, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            lock.lock();
            try {
                finished.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void loop() {
        while (running) {
            boolean didWork;
            try {
                didWork = runOne();
            } catch (DatabaseUnavailableException e) {
                LOG.warn("Ingestion paused: {}", e.getMessage());
                didWork = false;
            } catch (RuntimeException e) {
                LOG.error("Ingestion worker error", e);
                didWork = false;
            }
            if (!didWork) {
                idle();
            }
        }
    }

    private void idle() {
        lock.lock();
        try {
            long seen = signals;
            long left = TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
            while (running && seen == signals && left > 0) {
                left = work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Claims and processes one job; false when there was none. */
    boolean runOne() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<ClaimedJob> claimed = db.inTransaction(tx -> jobs.claimNext(tx, owner, now, now.plus(lease)));
        if (claimed.isEmpty()) {
            // nothing claimable: any document still held was taken by another process; drop it
            handedOver.clear();
            return false;
        }
        ClaimedJob job = claimed.get();
        MDC.put("job", job.id().toString());
        long started = System.nanoTime();
        try {
            ParsedSbom parsed = handedOver.remove(job.id());
            if (parsed == null) {
                byte[] payload = db.inTransaction(tx -> jobs.payload(tx, job.id()));
                parsed = reader.read(payload, SbomFormat.valueOf(job.format().toUpperCase(Locale.ROOT)));
            }
            if (ingestion.ingest(job, parsed, owner)) {
                completed.increment();
                processing.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                endToEnd.record(Duration.between(job.submittedAt(), OffsetDateTime.now(clock)));
                LOG.info("Ingested SBOM job {} ({} components) in {} ms", job.id(), parsed.components().size(),
                        (System.nanoTime() - started) / 1_000_000);
                afterIngest.run();
            } else {
                LOG.warn("Lost the lease on job {} before completing it; another worker owns it now", job.id());
            }
        } catch (SbomException e) {
            // accepted documents were parsed before; this only happens if the parser changed under a stored job
            finish(job, JobState.FAILED, "The stored document can no longer be read: " + e.getMessage());
        } catch (DatabaseUnavailableException e) {
            throw e; // the lease runs out and the job is claimed again once the database is back
        } catch (RuntimeException e) {
            LOG.error("Ingestion of job {} failed (attempt {})", job.id(), job.attempts(), e);
            finish(job, job.attempts() >= MAX_ATTEMPTS ? JobState.FAILED : JobState.QUEUED,
                    "Processing failed after " + job.attempts() + " attempt(s); see the portal log");
        } finally {
            MDC.remove("job");
            wakeWaiters();
        }
        return true;
    }

    private void finish(UUID id, JobState state, String error, OffsetDateTime now) {
        db.inTransaction(tx -> state == JobState.FAILED ? jobs.fail(tx, id, owner, error, now) : jobs.release(tx, id, owner));
    }

    private void finish(ClaimedJob job, JobState state, String error) {
        finish(job.id(), state, error, OffsetDateTime.now(clock));
        if (state == JobState.FAILED) {
            failed.increment();
        }
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            finished.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
