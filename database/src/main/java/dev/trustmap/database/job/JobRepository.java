package dev.trustmap.database.job;

import dev.trustmap.database.platform.DataAccessException;
import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable ingestion queue. Claims use row locks with {@code FOR UPDATE SKIP LOCKED}, so
 * any number of portal processes can share one database; a worker that dies leaves a lease
 * that runs out, after which the job is claimed again. State changes are conditional on the
 * current state, as declared by {@link JobState}.
 */
public final class JobRepository {

    private static final int CHUNK = 256 * 1024;

    public void insert(Tx tx, NewJob job) {
        Jdbc.update(tx, """
                INSERT INTO ingestion_job (id, service_id, state, format, label, payload_digest, payload_size,
                                           submitted_by, submitted_at, attempts, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""",
                job.id(), job.serviceId(), JobState.QUEUED.dbValue(), job.format(), job.label(),
                job.payloadDigest(), (long) job.payload().length, job.submittedBy(), job.submittedAt(), job.requestId());
        byte[] payload = job.payload();
        try (PreparedStatement statement = tx.connection().prepareStatement(
                "INSERT INTO ingestion_payload (job_id, seq, data) VALUES (?, ?, ?)")) {
            for (int offset = 0, seq = 0; offset < payload.length || seq == 0; offset += CHUNK, seq++) {
                Jdbc.bind(statement, job.id(), seq, Arrays.copyOfRange(payload, offset, Math.min(payload.length, offset + CHUNK)));
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new DataAccessException("Storing the job payload failed", e);
        }
    }

    /** The uploaded document of a job that is not finished yet (empty once it is). */
    public byte[] payload(Tx tx, UUID id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Jdbc.query(tx, "SELECT data FROM ingestion_payload WHERE job_id = ? ORDER BY seq", rs -> {
            out.writeBytes(rs.getBytes("data"));
            return null;
        }, id);
        return out.toByteArray();
    }

    /**
     * The uploaded document of a job as a stream that reads one stored chunk at a time (so a large
     * document is never held whole), in {@code tx}.
     */
    public java.io.InputStream payloadStream(Tx tx, UUID id) {
        int chunks = Jdbc.queryOne(tx, "SELECT COUNT(*) FROM ingestion_payload WHERE job_id = ?", rs -> rs.getInt(1), id).orElse(0);
        return new java.io.SequenceInputStream(new java.util.Enumeration<java.io.InputStream>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < chunks;
            }

            @Override
            public java.io.InputStream nextElement() {
                int seq = next++;
                byte[] data = Jdbc.queryOne(tx, "SELECT data FROM ingestion_payload WHERE job_id = ? AND seq = ?",
                        rs -> rs.getBytes("data"), id, seq).orElse(new byte[0]);
                return new java.io.ByteArrayInputStream(data);
            }
        });
    }

    /** Extends the lease of a job this owner is processing; false when it is no longer this owner's. */
    public boolean renewLease(Tx tx, UUID id, String owner, OffsetDateTime leaseUntil) {
        return Jdbc.update(tx, "UPDATE ingestion_job SET lease_until = ? WHERE id = ? AND state = ? AND lease_owner = ?",
                leaseUntil, id, JobState.PROCESSING.dbValue(), owner) == 1;
    }

    /**
     * Deletes one stored chunk of a finished job's document (the snapshot now holds what it said);
     * false when none is left. One chunk per transaction keeps every transaction small.
     */
    public boolean dropPayloadChunk(Tx tx, UUID id) {
        return Jdbc.update(tx, """
                DELETE FROM ingestion_payload WHERE job_id = ? AND seq = (SELECT MIN(seq) FROM ingestion_payload WHERE job_id = ?)
                  AND EXISTS (SELECT 1 FROM ingestion_job WHERE id = ? AND state IN (?, ?))""",
                id, id, id, JobState.COMPLETED.dbValue(), JobState.FAILED.dbValue()) > 0;
    }

    /** Finished jobs whose document is still stored (their clean-up was interrupted). */
    public java.util.List<UUID> finishedWithPayload(Tx tx, int limit) {
        return Jdbc.query(tx, """
                SELECT DISTINCT p.job_id FROM ingestion_payload p JOIN ingestion_job j ON j.id = p.job_id
                WHERE j.state IN (?, ?) FETCH FIRST ? ROWS ONLY""", rs -> Jdbc.uuid(rs, "job_id"),
                JobState.COMPLETED.dbValue(), JobState.FAILED.dbValue(), limit);
    }

    public Optional<IngestionJobEntity> find(Tx tx, UUID id) {
        return Optional.ofNullable(tx.em().find(IngestionJobEntity.class, id));
    }

    /**
     * Claims the oldest job that is queued, or processing under a lease that ran out, of a service
     * that has no job in progress (so one service's burst never occupies every worker, and other
     * services' uploads go ahead), and leases it to {@code owner} until {@code leaseUntil}.
     * With {@code maxPayloadBytes}, larger documents are left for later.
     */
    public Optional<ClaimedJob> claimNext(Tx tx, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
        return claimNext(tx, owner, now, leaseUntil, Long.MAX_VALUE);
    }

    public Optional<ClaimedJob> claimNext(Tx tx, String owner, OffsetDateTime now, OffsetDateTime leaseUntil, long maxPayloadBytes) {
        Optional<UUID> next = Jdbc.queryOne(tx, """
                SELECT j.id FROM ingestion_job j
                WHERE (j.state = ? OR (j.state = ? AND j.lease_until < ?)) AND j.payload_size <= ?
                  AND NOT EXISTS (SELECT 1 FROM ingestion_job r WHERE r.service_id = j.service_id AND r.id <> j.id
                                  AND r.state = ? AND r.lease_until >= ?)
                ORDER BY j.submitted_at
                FETCH FIRST 1 ROWS ONLY
                FOR UPDATE SKIP LOCKED""", rs -> Jdbc.uuid(rs, "id"),
                JobState.QUEUED.dbValue(), JobState.PROCESSING.dbValue(), now, maxPayloadBytes,
                JobState.PROCESSING.dbValue(), now);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        return claim(tx, next.get(), owner, now, leaseUntil);
    }

    /** Claims one specific job if it is still claimable (used to start a just-enqueued job at once). */
    public Optional<ClaimedJob> claim(Tx tx, UUID id, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
        Optional<JobState> current = Jdbc.queryOne(tx, "SELECT state, lease_until FROM ingestion_job WHERE id = ? FOR UPDATE",
                rs -> {
                    JobState state = JobState.fromDb(rs.getString("state"));
                    OffsetDateTime lease = Jdbc.time(rs, "lease_until");
                    boolean expired = state == JobState.PROCESSING && lease != null && lease.isBefore(now);
                    return state == JobState.QUEUED || expired ? state : null;
                }, id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get() == JobState.PROCESSING) {
            // a dead worker's lease: processing → queued → processing, both declared moves
            JobState.PROCESSING.requireMove(JobState.QUEUED);
        }
        JobState.QUEUED.requireMove(JobState.PROCESSING);
        Jdbc.update(tx, """
                UPDATE ingestion_job SET state = ?, lease_owner = ?, lease_until = ?, started_at = ?, attempts = attempts + 1
                WHERE id = ?""", JobState.PROCESSING.dbValue(), owner, leaseUntil, now, id);
        return Jdbc.queryOne(tx, """
                SELECT id, service_id, format, label, payload_digest, payload_size, submitted_by, submitted_at, attempts, request_id
                FROM ingestion_job WHERE id = ?""",
                rs -> new ClaimedJob(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "service_id"), rs.getString("format"),
                        rs.getString("label"), rs.getString("payload_digest"), rs.getLong("payload_size"),
                        rs.getString("submitted_by"), Jdbc.time(rs, "submitted_at"), rs.getInt("attempts"),
                        rs.getString("request_id")), id);
    }

    /**
     * processing → completed, in the same transaction as the data it describes. Returns false when
     * the lease was lost. The payload is left for {@link #dropPayloadChunk}: deleting a large
     * document in the same transaction would make the embedded database hold all of it at commit.
     */
    public boolean complete(Tx tx, UUID id, String owner, UUID snapshotId, String resultJson, OffsetDateTime now) {
        JobState.PROCESSING.requireMove(JobState.COMPLETED);
        boolean moved = Jdbc.update(tx, """
                UPDATE ingestion_job SET state = ?, snapshot_id = ?, result = ?, finished_at = ?,
                                         lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state = ? AND lease_owner = ?""",
                JobState.COMPLETED.dbValue(), snapshotId, resultJson, now, id, JobState.PROCESSING.dbValue(), owner) == 1;
        return moved;
    }

    /** processing → failed with a reason that is safe to show. */
    public boolean fail(Tx tx, UUID id, String owner, String error, OffsetDateTime now) {
        JobState.PROCESSING.requireMove(JobState.FAILED);
        boolean moved = Jdbc.update(tx, """
                UPDATE ingestion_job SET state = ?, error = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state = ? AND lease_owner = ?""",
                JobState.FAILED.dbValue(), error, now, id, JobState.PROCESSING.dbValue(), owner) == 1;
        return moved;
    }

    /** processing → queued: give a job back (shutdown, or a transient fault) for another attempt. */
    public boolean release(Tx tx, UUID id, String owner) {
        JobState.PROCESSING.requireMove(JobState.QUEUED);
        return Jdbc.update(tx, """
                UPDATE ingestion_job SET state = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state = ? AND lease_owner = ?""",
                JobState.QUEUED.dbValue(), id, JobState.PROCESSING.dbValue(), owner) == 1;
    }

    /** When the oldest job still waiting was submitted, if any. */
    public Optional<OffsetDateTime> oldestWaiting(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT MIN(submitted_at) AS oldest FROM ingestion_job WHERE state IN (?, ?)",
                rs -> Jdbc.time(rs, "oldest"), JobState.QUEUED.dbValue(), JobState.PROCESSING.dbValue())
                .filter(java.util.Objects::nonNull);
    }

    public Map<JobState, Long> countByState(Tx tx) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        Jdbc.query(tx, "SELECT state, COUNT(*) AS n FROM ingestion_job GROUP BY state", rs -> {
            counts.put(JobState.fromDb(rs.getString("state")), rs.getLong("n"));
            return null;
        });
        return counts;
    }
}
