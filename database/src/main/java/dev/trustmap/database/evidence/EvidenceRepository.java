package dev.trustmap.database.evidence;

import dev.trustmap.database.platform.DataAccessException;
import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Evidence, scores, trust events and the evidence collection queue. The queue is safe with any
 * number of portal processes: claims lock rows with {@code FOR UPDATE SKIP LOCKED} and lease them;
 * completion is conditional on still holding the lease.
 */
public final class EvidenceRepository {

    /** Adds a due task for every package version that has none (new versions from ingestion). */
    public int enqueueMissing(Tx tx, OffsetDateTime now) {
        return Jdbc.update(tx, """
                INSERT INTO evidence_task (package_version_id, due_at, attempts)
                SELECT v.id, ?, 0 FROM package_version v
                WHERE NOT EXISTS (SELECT 1 FROM evidence_task t WHERE t.package_version_id = v.id)""", now);
    }

    /** Claims up to {@code limit} due tasks not leased by a live worker, oldest due first. */
    public List<EvidenceTask> claim(Tx tx, String owner, OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        List<UUID> ids = Jdbc.query(tx, """
                SELECT package_version_id FROM evidence_task
                WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                ORDER BY due_at
                FETCH FIRST ? ROWS ONLY
                FOR UPDATE SKIP LOCKED""", rs -> Jdbc.uuid(rs, "package_version_id"), now, now, limit);
        List<EvidenceTask> claimed = new ArrayList<>();
        for (UUID id : ids) {
            Jdbc.update(tx, "UPDATE evidence_task SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE package_version_id = ?",
                    owner, leaseUntil, id);
            Jdbc.queryOne(tx, """
                    SELECT v.id, v.package_id, v.purl, v.hashes, t.attempts FROM package_version v
                    JOIN evidence_task t ON t.package_version_id = v.id WHERE v.id = ?""",
                    rs -> new EvidenceTask(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "package_id"), rs.getString("purl"),
                            rs.getString("hashes"), rs.getInt("attempts")), id).ifPresent(claimed::add);
        }
        return claimed;
    }

    /**
     * Stores the evidence and its score and schedules the next refresh, if {@code owner} still holds
     * the lease. Returns false (and writes nothing) when it does not.
     */
    public boolean complete(Tx tx, String owner, EvidenceRow row, OffsetDateTime nextDue) {
        int leased = Jdbc.update(tx, """
                UPDATE evidence_task SET due_at = ?, lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL
                WHERE package_version_id = ? AND lease_owner = ?""", nextDue, row.versionId(), owner);
        if (leased != 1) {
            return false;
        }
        Object[] values = {row.collectedAt(), row.registry(), row.status(), row.items(), row.facts(), row.problems(), row.provenance(),
            row.health(), row.grade(), row.explanations(), row.gaps(), row.gapCount(), row.modelVersion(), row.versionId()};
        int updated = Jdbc.update(tx, """
                UPDATE version_evidence SET collected_at = ?, registry = ?, status = ?, items = ?, facts = ?, problems = ?,
                       provenance_score = ?, health_score = ?, grade = ?, explanations = ?, gaps = ?, gap_count = ?, model_version = ?
                WHERE package_version_id = ?""", values);
        if (updated == 0) {
            Jdbc.update(tx, """
                    INSERT INTO version_evidence (collected_at, registry, status, items, facts, problems, provenance_score, health_score,
                                                  grade, explanations, gaps, gap_count, model_version, package_version_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", values);
        }
        return true;
    }

    /** Gives a task back after a failure, due again at {@code retryAt}. */
    public boolean release(Tx tx, UUID versionId, String owner, OffsetDateTime retryAt, String error) {
        return Jdbc.update(tx, """
                UPDATE evidence_task SET due_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ?
                WHERE package_version_id = ? AND lease_owner = ?""", retryAt, error, versionId, owner) == 1;
    }

    /** Makes every task of a package version due now (a manual refresh). */
    public int makeDue(Tx tx, UUID packageId, OffsetDateTime now) {
        return Jdbc.update(tx, """
                UPDATE evidence_task SET due_at = ? WHERE package_version_id IN (SELECT id FROM package_version WHERE package_id = ?)""",
                now, packageId);
    }

    /** Makes one version's evidence due for collection now. */
    public int makeVersionDue(Tx tx, UUID versionId, OffsetDateTime now) {
        return Jdbc.update(tx, "UPDATE evidence_task SET due_at = ? WHERE package_version_id = ?", now, versionId);
    }

    public Optional<EvidenceRow> find(Tx tx, UUID versionId) {
        return Jdbc.queryOne(tx, "SELECT * FROM version_evidence WHERE package_version_id = ?", EvidenceRepository::row, versionId);
    }

    /** The newest stored facts of any version of the package (what the next collection is compared with). */
    public Optional<String> latestFacts(Tx tx, UUID versionId) {
        return Jdbc.queryOne(tx, "SELECT facts FROM version_evidence WHERE package_version_id = ?", rs -> rs.getString("facts"), versionId);
    }

    /** Inserts events that are not stored yet (by identity); returns how many were new. */
    public int insertEvents(Tx tx, List<TrustEventRow> events) {
        int inserted = 0;
        for (TrustEventRow e : events) {
            inserted += Jdbc.update(tx, """
                    INSERT INTO trust_event (id, package_id, version, kind, occurred_at, detected_at, detail, source, identity_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", e.id(), e.packageId(), e.version(), e.kind(),
                    e.occurredAt(), e.detectedAt(), e.detail(), e.source(), e.identityHash());
        }
        return inserted;
    }

    /** A page of a package's events, newest first. */
    public List<TrustEventRow> events(Tx tx, UUID packageId, OffsetDateTime since, int offset, int limit) {
        return Jdbc.query(tx, """
                SELECT e.*, p.purl FROM trust_event e JOIN software_package p ON p.id = e.package_id
                WHERE e.package_id = ? AND e.occurred_at >= ?
                ORDER BY e.occurred_at DESC, e.kind, e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY""", EvidenceRepository::event,
                packageId, since, offset, limit);
    }

    /** How many events of the package occurred since {@code since}. */
    public long countEvents(Tx tx, UUID packageId, OffsetDateTime since) {
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM trust_event WHERE package_id = ? AND occurred_at >= ?", rs -> rs.getLong(1),
                packageId, since).orElse(0L);
    }

    private static final String IN_CURRENT_USE = """
            EXISTS (SELECT 1 FROM package_version v JOIN package_usage u ON u.package_version_id = v.id
                    JOIN service s ON s.current_snapshot_id = u.snapshot_id WHERE v.package_id = e.package_id)""";

    /** A page of the events of packages in current use, newest first. */
    public List<TrustEventRow> portfolioEvents(Tx tx, OffsetDateTime since, int offset, int limit) {
        return Jdbc.query(tx, """
                SELECT e.*, p.purl FROM trust_event e JOIN software_package p ON p.id = e.package_id
                WHERE e.occurred_at >= ? AND\s""" + IN_CURRENT_USE + """

                ORDER BY e.occurred_at DESC, p.purl, e.kind, e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY""", EvidenceRepository::event,
                since, offset, limit);
    }

    /** How many events of packages in current use occurred at or after {@code since}. */
    public long countPortfolioEvents(Tx tx, OffsetDateTime since) {
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM trust_event e WHERE e.occurred_at >= ? AND " + IN_CURRENT_USE,
                rs -> rs.getLong(1), since).orElse(0L);
    }

    /** Which services' current snapshots use each of the packages: (package id, service slug) pairs. */
    public List<String[]> servicesUsing(Tx tx, List<UUID> packageIds) {
        if (packageIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(packageIds.size(), "?"));
        return Jdbc.query(tx, "SELECT DISTINCT v.package_id, s.slug FROM package_version v "
                + "JOIN package_usage u ON u.package_version_id = v.id JOIN service s ON s.current_snapshot_id = u.snapshot_id "
                + "WHERE v.package_id IN (" + marks + ") ORDER BY s.slug",
                rs -> new String[] {Jdbc.uuid(rs, "package_id").toString(), rs.getString("slug")}, packageIds.toArray());
    }

    /** Grade distribution of the package versions in current use. */
    public List<GradeCount> grades(Tx tx) {
        return Jdbc.query(tx, """
                SELECT COALESCE(e.grade, 'pending') AS grade, COUNT(*) AS n FROM (
                    SELECT DISTINCT u.package_version_id FROM package_usage u JOIN service s ON s.current_snapshot_id = u.snapshot_id) cur
                LEFT JOIN version_evidence e ON e.package_version_id = cur.package_version_id
                GROUP BY COALESCE(e.grade, 'pending') ORDER BY 1""", rs -> new GradeCount(rs.getString("grade"), rs.getLong("n")));
    }

    /** Versions in current use, worst first ({@code unknownOnly}: only those with evidence gaps). */
    public List<ScoredVersion> worst(Tx tx, boolean unknownOnly, int limit) {
        return Jdbc.query(tx, """
                SELECT v.purl, e.grade, e.provenance_score, e.health_score, e.gap_count, cur.services FROM (
                    SELECT u.package_version_id, COUNT(DISTINCT s.id) AS services FROM package_usage u
                    JOIN service s ON s.current_snapshot_id = u.snapshot_id GROUP BY u.package_version_id) cur
                JOIN version_evidence e ON e.package_version_id = cur.package_version_id
                JOIN package_version v ON v.id = cur.package_version_id
                """ + (unknownOnly ? "WHERE e.gap_count > 0 " : "") + """
                ORDER BY e.grade DESC, e.provenance_score + e.health_score, v.purl FETCH FIRST ? ROWS ONLY""",
                rs -> new ScoredVersion(rs.getString("purl"), rs.getString("grade"), rs.getInt("provenance_score"),
                        rs.getInt("health_score"), rs.getInt("gap_count"), rs.getInt("services")), limit);
    }

    public long countWithGaps(Tx tx) {
        return Jdbc.queryOne(tx, """
                SELECT COUNT(*) FROM (SELECT DISTINCT u.package_version_id FROM package_usage u
                    JOIN service s ON s.current_snapshot_id = u.snapshot_id) cur
                JOIN version_evidence e ON e.package_version_id = cur.package_version_id WHERE e.gap_count > 0""",
                rs -> rs.getLong(1)).orElse(0L);
    }

    /** Tasks due now (not leased), and the oldest due time. */
    public long dueCount(Tx tx, OffsetDateTime now) {
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM evidence_task WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?)",
                rs -> rs.getLong(1), now, now).orElse(0L);
    }

    // ---- scoring model changes ----

    /** A stored score to recompute: its version, the package's ecosystem and the stored evidence items. */
    public record OutdatedScore(UUID versionId, String modelVersion, String ecosystem, String items) {
    }

    /** Up to {@code limit} stored scores of another model version than {@code modelVersion}, locked (others skip them). */
    public List<OutdatedScore> outdatedScores(Tx tx, String modelVersion, int limit) {
        List<String[]> rows = Jdbc.query(tx, """
                SELECT package_version_id, model_version, items FROM version_evidence WHERE model_version <> ?
                ORDER BY package_version_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""",
                rs -> new String[] {rs.getString("package_version_id"), rs.getString("model_version"), rs.getString("items")},
                modelVersion, limit);
        if (rows.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
        java.util.Map<String, String> ecosystems = new java.util.HashMap<>();
        Jdbc.query(tx, "SELECT v.id, p.ecosystem FROM package_version v JOIN software_package p ON p.id = v.package_id WHERE v.id IN ("
                + marks + ")", rs -> ecosystems.put(Jdbc.uuid(rs, "id").toString(), rs.getString("ecosystem")),
                rows.stream().map(r -> UUID.fromString(r[0])).toArray());
        return rows.stream().map(r -> new OutdatedScore(UUID.fromString(r[0]), r[1], ecosystems.get(r[0]), r[2])).toList();
    }

    /** Replaces a stored score (not the evidence, nor when it was collected). */
    public void rescore(Tx tx, UUID versionId, int provenance, int health, String grade, String explanations, String gaps, int gapCount,
                        String modelVersion) {
        Jdbc.update(tx, """
                UPDATE version_evidence SET provenance_score = ?, health_score = ?, grade = ?, explanations = ?, gaps = ?, gap_count = ?,
                       model_version = ? WHERE package_version_id = ?""",
                provenance, health, grade, explanations, gaps, gapCount, modelVersion, versionId);
    }

    /** Records a model change once (the first caller wins); adds {@code rescored} to its count either way. */
    public void recordModelChange(Tx tx, String modelVersion, String previousVersions, OffsetDateTime now, int rescored) {
        Jdbc.update(tx, """
                INSERT INTO scoring_model_change (model_version, previous_versions, changed_at, rescored) VALUES (?, ?, ?, 0)
                ON CONFLICT DO NOTHING""", modelVersion, previousVersions, now);
        Jdbc.update(tx, "UPDATE scoring_model_change SET rescored = rescored + ? WHERE model_version = ?", rescored, modelVersion);
    }

    /** A recorded model change. */
    public record ModelChangeRow(String modelVersion, String previousVersions, OffsetDateTime changedAt, int rescored) {
    }

    /** Model changes since {@code since}, newest first. */
    public List<ModelChangeRow> modelChanges(Tx tx, OffsetDateTime since) {
        return Jdbc.query(tx, "SELECT * FROM scoring_model_change WHERE changed_at >= ? ORDER BY changed_at DESC",
                rs -> new ModelChangeRow(rs.getString("model_version"), rs.getString("previous_versions"), Jdbc.time(rs, "changed_at"),
                        rs.getInt("rescored")), since);
    }

    // ---- registry answer cache ----

    /** A cached registry answer's columns. */
    public record CacheRow(String url, int status, String etag, String lastModified, String contentType, OffsetDateTime fetchedAt,
                           String digest, byte[] body) {
    }

    public Optional<CacheRow> cached(Tx tx, String url) {
        return Jdbc.queryOne(tx, "SELECT * FROM registry_cache WHERE url = ?", rs -> new CacheRow(rs.getString("url"), rs.getInt("status"),
                rs.getString("etag"), rs.getString("last_modified"), rs.getString("content_type"), Jdbc.time(rs, "fetched_at"),
                rs.getString("digest"), rs.getBytes("body")), url);
    }

    public void cache(Tx tx, CacheRow row) {
        Object[] values = {row.status(), row.etag(), row.lastModified(), row.contentType(), row.fetchedAt(), row.digest(), row.body(), row.url()};
        int updated = Jdbc.update(tx, """
                UPDATE registry_cache SET status = ?, etag = ?, last_modified = ?, content_type = ?, fetched_at = ?, digest = ?, body = ?
                WHERE url = ?""", values);
        if (updated == 0) {
            try (PreparedStatement insert = tx.connection().prepareStatement("""
                    INSERT INTO registry_cache (status, etag, last_modified, content_type, fetched_at, digest, body, url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                Jdbc.bind(insert, values);
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new DataAccessException("Caching a registry answer failed", e);
            }
        }
    }

    private static EvidenceRow row(java.sql.ResultSet rs) throws SQLException {
        return new EvidenceRow(Jdbc.uuid(rs, "package_version_id"), Jdbc.time(rs, "collected_at"), rs.getString("registry"),
                rs.getString("status"), rs.getString("items"), rs.getString("facts"), rs.getString("problems"),
                rs.getInt("provenance_score"), rs.getInt("health_score"), rs.getString("grade"), rs.getString("explanations"),
                rs.getString("gaps"), rs.getInt("gap_count"), rs.getString("model_version"));
    }

    private static TrustEventRow event(java.sql.ResultSet rs) throws SQLException {
        return new TrustEventRow(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "package_id"), rs.getString("purl"), rs.getString("version"),
                rs.getString("kind"), Jdbc.time(rs, "occurred_at"), Jdbc.time(rs, "detected_at"), rs.getString("detail"),
                rs.getString("source"), rs.getString("identity_hash"));
    }
}
