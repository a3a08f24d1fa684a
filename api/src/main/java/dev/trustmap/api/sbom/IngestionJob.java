package dev.trustmap.api.sbom;

import dev.trustmap.database.job.ClaimedJob;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.JobState;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomSource;
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
 * The ingestion workers. Each worker claims the oldest claimable job of a service that has no
 * job in progress (so jobs left by a restart or by another portal process are finished too, and
 * one service's burst does not hold up the others), processes it and waits for the next. At most
 * one large document ({@link #LARGE_BYTES}) is processed at a time per process when there are
 * several workers, so a huge upload never occupies them all. The document is read as a stream
 * from the stored job (small uploads of this process are handed over in memory). While a job
 * runs, its lease is renewed every third of the lease; a job whose lease was lost, or that is
 * still running when a shutdown's grace period ends, is cancelled (rolled back) and handed back
 * at once. Waiters for a job's completion are woken as soon as it is committed.
 */
public final class IngestionJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionJob.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long IDLE_POLL_MILLIS = 1_000;
    /** Documents at least this large are processed one at a time per process. */
    static final long LARGE_BYTES = 8L * 1024 * 1024;
    /** Uploads up to this size are handed to the worker in memory; larger ones are read back from the database. */
    private static final int HANDOVER_BYTES = 2 * 1024 * 1024;
    private static final long HANDOVER_TOTAL_BYTES = 16L * 1024 * 1024;

    private final Database db;
    private final JobRepository jobs;
    private final IngestionService ingestion;
    private final Clock clock;
    private final int workers;
    private final Duration lease;
    private final String owner = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<UUID, byte[]> handedOver = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong handedOverBytes = new java.util.concurrent.atomic.AtomicLong();
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    /** Jobs that could not be handed back when they were stopped (the database was away): retried with the lease renewals. */
    private final java.util.Set<UUID> toHandBack = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger largeInProgress = new java.util.concurrent.atomic.AtomicInteger();
    private java.util.concurrent.ScheduledExecutorService renewals;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition finished = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private final Counter completed;
    private final Counter failed;
    private final Timer processing;
    private final Timer endToEnd;
    private volatile boolean active;
    private volatile boolean cancelAll;
    private long signals;
    private volatile Runnable afterIngest = () -> { };

    /** A job in progress in this process. */
    private static final class Running {
        volatile boolean lost;
        volatile boolean finished;
        volatile long renewedAt = System.nanoTime();
    }

    public IngestionJob(Database db, JobRepository jobs, IngestionService ingestion, Clock clock,
                        int workers, Duration lease, MeterRegistry metrics) {
        this.db = db;
        this.jobs = jobs;
        this.ingestion = ingestion;
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

    /** Whether a worker of this process is still working on the job (its outcome is not final until it returns). */
    public boolean inProgress(UUID jobId) {
        return running.containsKey(jobId);
    }

    /** This process's name in leases and health probes. */
    public String owner() {
        return owner;
    }

    /** Called after each committed ingestion (the evidence collector sweeps for new versions). */
    public void afterIngest(Runnable listener) {
        this.afterIngest = listener;
    }

    public void start() {
        active = true;
        renewals = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ingestion-lease");
            thread.setDaemon(true);
            return thread;
        });
        renewals.scheduleWithFixedDelay(this::renewLeases, 1, 1, TimeUnit.SECONDS);
        renewals.scheduleWithFixedDelay(this::sweepPayloads, 5, 60, TimeUnit.SECONDS);
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::loop, "ingestion-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /**
     * Stops taking new jobs and waits for the running ones to finish (up to {@code grace}); what
     * is still running then is cancelled and handed back to the queue at once.
     */
    public void stop(Duration grace) {
        active = false;
        signal();
        join(System.nanoTime() + grace.toNanos());
        if (!running.isEmpty()) {
            LOG.info("Cancelling {} ingestion job(s) still running after the grace period; they are handed back", running.size());
            cancelAll = true;
            join(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        }
        if (renewals != null) {
            renewals.shutdownNow();
        }
    }

    private void join(long deadline) {
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Extends the lease of every job this process is working on (a job whose lease is gone is
     * cancelled), and hands back the jobs that could not be handed back before.
     */
    private void renewLeases() {
        for (UUID id : toHandBack) {
            try {
                db.inTransaction(tx -> jobs.release(tx, id, owner));
                toHandBack.remove(id);
                LOG.info("Handed job {} back to the queue", id);
                signal();
            } catch (RuntimeException e) {
                break; // still away: next time
            }
        }
        long every = lease.toNanos() / 3;
        for (Map.Entry<UUID, Running> entry : running.entrySet()) {
            if (entry.getValue().finished || System.nanoTime() - entry.getValue().renewedAt < every) {
                continue;
            }
            try {
                OffsetDateTime now = OffsetDateTime.now(clock);
                boolean held = db.inTransaction(tx -> jobs.renewLease(tx, entry.getKey(), owner, now.plus(lease)));
                if (!held) {
                    LOG.warn("The lease on job {} was taken by another worker; cancelling this attempt", entry.getKey());
                    entry.getValue().lost = true;
                } else {
                    entry.getValue().renewedAt = System.nanoTime();
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease on job {}: {}", entry.getKey(), e.getMessage());
            }
        }
    }

    /** Called after an upload committed its job: keeps a small document in memory and wakes a worker. */
    public void offer(UUID jobId, byte[] document) {
        if (workers > 0 && document.length <= HANDOVER_BYTES
                && handedOverBytes.addAndGet(document.length) <= HANDOVER_TOTAL_BYTES) {
            handedOver.put(jobId, document);
        } else if (workers > 0 && document.length <= HANDOVER_BYTES) {
            handedOverBytes.addAndGet(-document.length);
        }
        signal();
    }

    private byte[] takeHandedOver(UUID jobId) {
        byte[] document = handedOver.remove(jobId);
        if (document != null) {
            handedOverBytes.addAndGet(-document.length);
        }
        return document;
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
        while (active) {
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
            while (active && seen == signals && left > 0) {
                left = work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active = false;
        } finally {
            lock.unlock();
        }
    }

    /** Claims and processes one job; false when there was none. */
    boolean runOne() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean mayTakeLarge = workers <= 1 || largeInProgress.get() == 0;
        Optional<ClaimedJob> claimed = db.inTransaction(tx -> jobs.claimNext(tx, owner, now, now.plus(lease),
                mayTakeLarge ? Long.MAX_VALUE : LARGE_BYTES - 1));
        if (claimed.isEmpty()) {
            if (running.isEmpty()) {
                // nothing claimable and nothing running here: any document still held was taken by another process
                handedOver.clear();
                handedOverBytes.set(0);
            }
            return false;
        }
        ClaimedJob job = claimed.get();
        boolean large = job.payloadSize() >= LARGE_BYTES;
        if (large) {
            largeInProgress.incrementAndGet();
        }
        Running state = new Running();
        running.put(job.id(), state);
        MDC.put("job", job.id().toString());
        long started = System.nanoTime();
        try {
            byte[] inMemory = takeHandedOver(job.id());
            SbomFormat format = SbomFormat.valueOf(job.format().toUpperCase(Locale.ROOT));
            boolean done = ingestion.ingest(job,
                    tx -> inMemory != null ? SbomSource.of(inMemory) : () -> jobs.payloadStream(tx, job.id()),
                    format, owner, () -> cancelAll || state.lost);
            if (done) {
                completed.increment();
                processing.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                endToEnd.record(Duration.between(job.submittedAt(), OffsetDateTime.now(clock)));
                LOG.info("Ingested SBOM job {} in {} ms", job.id(), (System.nanoTime() - started) / 1_000_000);
                afterIngest.run();
            }
        } catch (IngestionService.LeaseLostException e) {
            LOG.warn("Lost the lease on job {} before completing it; another worker owns it now (nothing was written)", job.id());
        } catch (IngestionCancelledException e) {
            if (state.lost) {
                LOG.warn("Stopped job {}: another worker owns it now (nothing was written)", job.id());
            } else {
                release(job);
            }
        } catch (IngestionService.StoredDocumentException e) {
            // accepted documents were read before; this only happens if the reader changed under a stored job
            finish(job, JobState.FAILED, "The stored document can no longer be read: " + e.getMessage());
        } catch (DatabaseUnavailableException e) {
            release(job); // usually fails as well: then the lease runs out and the job is claimed again
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Ingestion of job {} failed (attempt {})", job.id(), job.attempts(), e);
            finish(job, job.attempts() >= MAX_ATTEMPTS ? JobState.FAILED : JobState.QUEUED,
                    "Processing failed after " + job.attempts() + " attempt(s); see the portal log");
        } finally {
            state.finished = true;
            dropPayload(job.id());
            running.remove(job.id()); // from here on the job's outcome is shown (on disk, payload gone)
            if (large) {
                largeInProgress.decrementAndGet();
            }
            MDC.remove("job");
            wakeWaiters();
        }
        return true;
    }

    /** Deletes a finished job's stored document, a chunk per transaction (no-op for an unfinished job). */
    private void dropPayload(UUID id) {
        try {
            while (db.inTransaction(tx -> jobs.dropPayloadChunk(tx, id))) {
                // next chunk
            }
        } catch (RuntimeException e) {
            LOG.debug("Stored document of job {} not deleted yet: {}", id, e.getMessage()); // the sweep retries
        }
    }

    /** Finds finished jobs whose document is still stored (a clean-up cut short) and deletes it. */
    private void sweepPayloads() {
        try {
            for (UUID id : db.inTransaction(tx -> jobs.finishedWithPayload(tx, 10))) {
                dropPayload(id);
            }
        } catch (RuntimeException e) {
            LOG.debug("Payload sweep skipped: {}", e.getMessage());
        }
    }

    /** Hands a job back to the queue at once (processing → queued); if the database is away, as soon as it is back. */
    private void release(ClaimedJob job) {
        try {
            db.inTransaction(tx -> jobs.release(tx, job.id(), owner));
            LOG.info("Handed job {} back to the queue", job.id());
        } catch (RuntimeException e) {
            LOG.warn("Could not hand job {} back yet ({}); trying again shortly", job.id(), e.getMessage());
            toHandBack.add(job.id());
        }
    }

    private void finish(UUID id, JobState state, String error, OffsetDateTime now) {
        db.inTransaction(tx -> state == JobState.FAILED ? jobs.fail(tx, id, owner, error, now) : jobs.release(tx, id, owner));
    }

    private void finish(ClaimedJob job, JobState state, String error) {
        if (state == JobState.FAILED) {
            ingestion.fail(job, owner, error, OffsetDateTime.now(clock));
        } else {
            finish(job.id(), state, error, OffsetDateTime.now(clock));
        }
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
