package dev.trustmap.api.audit;

import dev.trustmap.database.audit.AuditRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code TRUSTMAP_AUDIT_ANCHOR_SECONDS} (and once at start) writes the chain's head outside the
 * database: one log line {@code audit anchor seq=… head=…} and the gauges {@code trustmap_audit_entries}
 * and {@code trustmap_audit_head_info{hash="…"} 1} on {@code /metrics}. Whoever keeps the log or
 * the scraped series can tell later that the chain was rewritten: an anchored hash must stay the
 * hash of that seq forever.
 */
public final class AuditAnchorJob {
    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorJob.class);
    private final AuditService audit;
    private final Duration every;
    private final AtomicLong entries = new AtomicLong(-1);
    private final Info head;
    private ScheduledExecutorService timer;

    public AuditAnchorJob(AuditService audit, Duration every, PrometheusMeterRegistry metrics) {
        this.audit = audit;
        this.every = every;
        Gauge.builder("trustmap.audit.entries", entries, AtomicLong::get)
                .description("Entries in the audit chain at the last anchor (-1 before the first)").register(metrics);
        // an info metric of Prometheus itself: a Micrometer gauge named …_info would lose its suffix
        this.head = Info.builder().name("trustmap_audit_head_info").help("The audit chain's head hash at the last anchor")
                .labelNames("hash").register(metrics.getPrometheusRegistry());
    }

    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "audit-anchor");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::anchor, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the head, logs it and updates the gauges. */
    void anchor() {
        try {
            AuditRepository.Head current = audit.head();
            LOG.info("audit anchor seq={} head={}", current.seq(), current.hash());
            entries.set(current.seq());
            head.setLabelValues(current.hash());
        } catch (RuntimeException e) {
            LOG.warn("audit anchor skipped: {}", e.getMessage());
        }
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
