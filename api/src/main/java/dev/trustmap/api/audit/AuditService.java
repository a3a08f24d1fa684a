package dev.trustmap.api.audit;

import dev.trustmap.api.audit.model.AuditEntryView;
import dev.trustmap.api.audit.model.AuditVerification;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.database.audit.AuditFilter;
import dev.trustmap.database.audit.AuditRepository;
import dev.trustmap.database.audit.AuditRow;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The audit chain: every write use case calls {@link #record} as the last step of its own
 * transaction, so the entry commits or rolls back with the write, and the chain's head stays locked
 * only for the end of that transaction. Concurrent writers wait for the head one after the other
 * and make one linear chain (seq 1, 2, 3… each entry holding the previous one's hash).
 */
public final class AuditService {
    /** How many entries {@link #verify()} reads per transaction. */
    static final int VERIFY_PAGE = 1_000;
    private static final int MAX_REASON = 10_000;
    private static final int MAX_TARGET = 2_500;

    private final Database db;
    private final AuditRepository entries;
    private final Clock clock;
    private final Timer appends;

    public AuditService(Database db, AuditRepository entries, Clock clock) {
        this(db, entries, clock, new SimpleMeterRegistry());
    }

    /** @param metrics where {@code trustmap_audit_append_seconds} goes: from asking for the head's lock to the entry written */
    public AuditService(Database db, AuditRepository entries, Clock clock, MeterRegistry metrics) {
        this.db = db;
        this.entries = entries;
        this.clock = clock;
        this.appends = Timer.builder("trustmap.audit.append")
                .description("Appending one audit entry: waiting for the chain's head, then writing the entry and the head")
                .publishPercentiles(0.5, 0.95, 0.99).register(metrics);
    }

    /**
     * Appends one entry in {@code tx}; call it last in the transaction. A write that changed
     * nothing (the same digest before and after) appends nothing.
     *
     * @param action what was done, {@code <kind>.<verb>} ({@code service.create}, {@code review.transition})
     * @param target what it was done to, {@code <type>:<id>}, below its parent where it has one
     *               ({@code service:checkout-api/contract:mail})
     * @param reason the reason the caller gave, or null
     * @param before the state before (a response view; null when it did not exist)
     * @param after  the state after (null when it no longer exists)
     */
    public void record(Tx tx, Actor actor, String action, String target, String reason, Object before, Object after) {
        String beforeDigest = AuditChain.digest(before);
        String afterDigest = AuditChain.digest(after);
        if (before != null && Objects.equals(beforeDigest, afterDigest)) {
            return;
        }
        entries.flushPending(tx);
        long started = System.nanoTime();
        AuditRepository.Head head = entries.lockHead(tx);
        AuditRow unsigned = new AuditRow(head.seq() + 1, AuditChain.stored(OffsetDateTime.now(clock)), actor.name(), action,
                cut(target, MAX_TARGET), reason == null ? null : cut(reason, MAX_REASON), actor.requestId(),
                beforeDigest, afterDigest, head.hash(), null);
        entries.append(tx, withHash(unsigned));
        appends.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static AuditRow withHash(AuditRow e) {
        return new AuditRow(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(), e.reason(), e.requestId(),
                e.beforeDigest(), e.afterDigest(), e.prevHash(), AuditChain.hash(e));
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** The entries matching the filter, newest first. */
    public Page<AuditEntryView> list(AuditFilter filter, Paging paging) {
        return db.inTransaction(tx -> new Page<>(entries.list(tx, filter, paging.offset(), paging.limit()).stream()
                .map(AuditService::view).toList(), entries.count(tx, filter), paging.offset(), paging.limit()));
    }

    /** The chain's head as last committed: the number of entries and the last hash (64 zeros before the first). */
    public AuditRepository.Head head() {
        return db.inTransaction(entries::head);
    }

    /**
     * Walks the whole chain in seq order, a page per transaction, recomputing every hash: valid, or
     * the first entry that is missing, edited (its hash is not what its fields give) or does not
     * follow the one before (its prev_hash is not that entry's hash); finally the head must name the
     * last entry (entries deleted at the end of the chain).
     */
    public AuditVerification verify() {
        // the head first: entries appended while the walk runs come after it and are left for the next verification
        AuditRepository.Snapshot snapshot = db.inTransaction(entries::snapshot);
        AuditRepository.Head head = snapshot.head();
        if (snapshot.lastEntry() > head.seq()) {
            return AuditVerification.broken(0, head.seq() + 1, "entry " + snapshot.lastEntry() + " is stored after the chain's head "
                    + "(entry " + head.seq() + "): the head was moved back");
        }
        long seq = 0;
        String previous = AuditRepository.GENESIS;
        walk:
        while (seq < head.seq()) {
            long after = seq;
            List<AuditRow> page = db.inTransaction(tx -> entries.after(tx, after, VERIFY_PAGE));
            for (AuditRow e : page) {
                if (e.seq() > head.seq()) {
                    break walk;
                }
                long expected = seq + 1;
                if (e.seq() != expected) {
                    return AuditVerification.broken(seq, expected, "entry " + expected + " is missing (the next one is " + e.seq() + ")");
                }
                if (!e.hash().equals(AuditChain.hash(e))) {
                    return AuditVerification.broken(seq, e.seq(), "entry " + e.seq() + " was changed after it was written: "
                            + "its fields do not give its hash");
                }
                if (!e.prevHash().equals(previous)) {
                    return AuditVerification.broken(seq, e.seq(), "entry " + e.seq() + " does not follow entry " + seq
                            + ": its prev_hash is not that entry's hash");
                }
                previous = e.hash();
                seq = e.seq();
            }
            if (page.size() < VERIFY_PAGE) {
                break;
            }
        }
        if (seq < head.seq()) {
            return AuditVerification.broken(seq, seq + 1, "entries " + (seq + 1) + " to " + head.seq()
                    + " are missing (the chain's head names entry " + head.seq() + ")");
        }
        if (!head.hash().equals(previous)) {
            return AuditVerification.broken(seq, seq, "the chain's head does not hold entry " + seq + "'s hash");
        }
        return AuditVerification.valid(seq, previous);
    }

    private static AuditEntryView view(AuditRow e) {
        return new AuditEntryView(e.seq(), AuditChain.time(e.occurredAt()), e.actor(), e.action(), e.target(), e.reason(), e.requestId(),
                e.beforeDigest(), e.afterDigest(), e.prevHash(), e.hash());
    }
}
