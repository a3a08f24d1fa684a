package dev.trustmap.api.policy;

import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.service.ServiceRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates current snapshots again when what they were evaluated on changed: policies or reviews
 * (a change marker), the service's contracts, or the evidence of a version they use. Every pass
 * looks for such snapshots; a policy write wakes it at once. Safe with several portal processes:
 * a service is evaluated under its row lock, taken with {@code SKIP LOCKED} (an ingestion or
 * another process holding it just means "later").
 */
public final class PolicyEvaluationJob {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyEvaluationJob.class);
    private static final int BATCH = 20;

    private final Database db;
    private final PolicyRepository policies;
    private final ServiceRepository services;
    private final PolicyEvaluationService evaluations;
    private final Duration interval;
    private final Counter evaluated;
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile boolean woken;
    private Thread thread;

    public PolicyEvaluationJob(Database db, PolicyRepository policies, ServiceRepository services, PolicyEvaluationService evaluations,
                               Duration interval, MeterRegistry metrics) {
        this.db = db;
        this.policies = policies;
        this.services = services;
        this.evaluations = evaluations;
        this.interval = interval;
        this.evaluated = Counter.builder("trustmap_policy_reevaluations_total")
                .description("Snapshots evaluated again after policies, reviews, contracts or evidence changed").register(metrics);
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, "policy-evaluation");
        thread.setDaemon(true);
        thread.start();
    }

    /** Looks for snapshots to evaluate now instead of at the next interval. */
    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the loop and waits for an evaluation in progress. */
    public void stop() {
        running = false;
        wakeUp();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass: evaluates every due snapshot it can lock; returns how many it evaluated. */
    public int runOnce() {
        int done = 0;
        while (running || thread == null) {
            List<UUID> due = db.inTransaction(tx -> policies.dueForEvaluation(tx, BATCH));
            int before = done;
            for (UUID serviceId : due) {
                Boolean ok = db.inTransaction(tx -> {
                    if (!policies.tryLockService(tx, serviceId)) {
                        return false;
                    }
                    UUID snapshot = services.find(tx, serviceId).map(s -> s.getCurrentSnapshotId()).orElse(null);
                    if (snapshot == null) {
                        return false;
                    }
                    evaluations.evaluateAndStore(tx, serviceId, snapshot);
                    return true;
                });
                if (ok) {
                    done++;
                    evaluated.increment();
                }
            }
            if (due.size() < BATCH || done == before) {
                return done;
            }
        }
        return done;
    }

    private void loop() {
        while (running) {
            try {
                runOnce();
            } catch (DatabaseUnavailableException e) {
                LOG.debug("Policy re-evaluation waits for the database: {}", e.getMessage());
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("Policy re-evaluation failed; trying again at the next interval", e);
                }
            }
            synchronized (signal) {
                if (!woken && running) {
                    try {
                        signal.wait(interval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }
}
