package dev.trustmap.database.audit;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The audit chain's rows ({@code audit_entry}) and its head ({@code audit_head}, one row: the last
 * entry's seq and hash). Entries are only ever inserted; see V9 for what protects them.
 */
public final class AuditRepository {
    /** The {@code prev_hash} of entry 1: 64 zeros. */
    public static final String GENESIS = dev.trustmap.database.migration.V9__audit_chain.GENESIS;
    private static final String COLUMNS = """
            seq, occurred_at, actor, action, target, reason, request_id, before_digest, after_digest, prev_hash, hash""";
    private static final String WHERE = """
             WHERE (CAST(? AS VARCHAR(200)) IS NULL OR actor = ?)
               AND (CAST(? AS VARCHAR(50)) IS NULL OR action = ?)
               AND (CAST(? AS VARCHAR(2500)) IS NULL OR target = ? OR target LIKE ? ESCAPE '!')
               AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= ?)
               AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at < ?)""";

    /** The last entry: its seq (0 before the first) and hash. */
    public record Head(long seq, String hash) {
    }

    /** Writes the transaction's pending entity changes now: before {@link #lockHead}, so the lock is held as briefly as possible. */
    public void flushPending(Tx tx) {
        tx.em().flush();
    }

    /** Locks the chain's head until the transaction ends and reads it: concurrent appenders wait here one after the other. */
    public Head lockHead(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
                rs -> new Head(rs.getLong(1), rs.getString(2))).orElseThrow(() -> new IllegalStateException("audit_head has no row"));
    }

    /**
     * The head as last committed and, read in the same statement (so from the same commit), the
     * highest {@code seq} stored: more than the head's only when the head was moved back by hand.
     */
    public record Snapshot(Head head, long lastEntry) {
    }

    public Snapshot snapshot(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT h.seq, h.hash, (SELECT COALESCE(MAX(e.seq), 0) FROM audit_entry e) FROM audit_head h WHERE h.id = 1",
                rs -> new Snapshot(new Head(rs.getLong(1), rs.getString(2)), rs.getLong(3)))
                .orElseThrow(() -> new IllegalStateException("audit_head has no row"));
    }

    /** The head as last committed (no lock). */
    public Head head(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT seq, hash FROM audit_head WHERE id = 1",
                rs -> new Head(rs.getLong(1), rs.getString(2))).orElseThrow(() -> new IllegalStateException("audit_head has no row"));
    }

    /** Inserts the entry and makes it the head; the head must have been locked by {@link #lockHead} in this transaction. */
    public void append(Tx tx, AuditRow row) {
        Jdbc.update(tx, "INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.seq(), row.occurredAt(), row.actor(), row.action(), row.target(), row.reason(), row.requestId(),
                row.beforeDigest(), row.afterDigest(), row.prevHash(), row.hash());
        Jdbc.update(tx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", row.seq(), row.hash());
    }

    /** The entries matching the filter, newest first. */
    public List<AuditRow> list(Tx tx, AuditFilter filter, int offset, int limit) {
        Object[] params = append(params(filter), offset, limit);
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM audit_entry " + WHERE
                + "\n ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY", AuditRepository::row, params);
    }

    /** How many entries {@link #list} finds without offset and limit. */
    public long count(Tx tx, AuditFilter filter) {
        return Jdbc.query(tx, "SELECT COUNT(*) FROM audit_entry " + WHERE, rs -> rs.getLong(1), params(filter)).get(0);
    }

    /** Up to {@code limit} entries after {@code afterSeq}, in chain order. */
    public List<AuditRow> after(Tx tx, long afterSeq, int limit) {
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY",
                AuditRepository::row, afterSeq, limit);
    }

    private static Object[] params(AuditFilter f) {
        String below = f.target() == null ? null
                : f.target().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
        return new Object[] {f.actor(), f.actor(), f.action(), f.action(), f.target(), f.target(), below,
                f.from(), f.from(), f.to(), f.to()};
    }

    private static Object[] append(Object[] params, Object... more) {
        Object[] all = java.util.Arrays.copyOf(params, params.length + more.length);
        System.arraycopy(more, 0, all, params.length, more.length);
        return all;
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("seq"), Jdbc.time(rs, "occurred_at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("reason"), rs.getString("request_id"), rs.getString("before_digest"),
                rs.getString("after_digest"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
