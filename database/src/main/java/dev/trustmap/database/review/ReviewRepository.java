package dev.trustmap.database.review;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Package reviews. */
public final class ReviewRepository {
    private static final String SELECT = """
            SELECT r.*, p.purl AS package_purl FROM package_review r JOIN software_package p ON p.id = r.package_id""";

    public void insert(Tx tx, ReviewRow r) {
        Jdbc.update(tx, """
                INSERT INTO package_review (id, package_id, at_least, below, state, requested_by, request_reason, decided_by,
                    decision_reason, conditions, expires_at, basis, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                r.id(), r.packageId(), r.atLeast(), r.below(), r.state(), r.requestedBy(), r.requestReason(), r.decidedBy(),
                r.decisionReason(), r.conditions(), r.expiresAt(), r.basis(), r.createdAt(), r.updatedAt());
    }

    /** Writes a transition if the review is still in {@code expectedState}; false when someone else moved it first. */
    public boolean transition(Tx tx, ReviewRow r, String expectedState) {
        return Jdbc.update(tx, """
                UPDATE package_review SET state = ?, decided_by = ?, decision_reason = ?, conditions = ?, expires_at = ?, basis = ?,
                    updated_at = ? WHERE id = ? AND state = ?""",
                r.state(), r.decidedBy(), r.decisionReason(), r.conditions(), r.expiresAt(), r.basis(), r.updatedAt(), r.id(),
                expectedState) == 1;
    }

    public Optional<ReviewRow> find(Tx tx, UUID id) {
        return Jdbc.queryOne(tx, SELECT + " WHERE r.id = ?", ReviewRepository::row, id);
    }

    public List<ReviewRow> list(Tx tx, String state, String packagePurl, int offset, int limit) {
        return Jdbc.query(tx, SELECT + "\n" + """
                 WHERE (CAST(? AS VARCHAR(30)) IS NULL OR r.state = ?) AND (CAST(? AS VARCHAR(2048)) IS NULL OR p.purl = ?)
                ORDER BY r.created_at DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY""",
                ReviewRepository::row, state, state, packagePurl, packagePurl, offset, limit);
    }

    /** How many reviews {@link #list} finds without offset and limit. */
    public long count(Tx tx, String state, String packagePurl) {
        return Jdbc.query(tx, """
                SELECT COUNT(*) FROM package_review r JOIN software_package p ON p.id = r.package_id
                 WHERE (CAST(? AS VARCHAR(30)) IS NULL OR r.state = ?) AND (CAST(? AS VARCHAR(2048)) IS NULL OR p.purl = ?)""",
                rs -> rs.getLong(1), state, state, packagePurl, packagePurl).get(0);
    }

    /** Reviews of the packages a snapshot uses. */
    public List<ReviewRow> forSnapshot(Tx tx, UUID snapshotId) {
        return Jdbc.query(tx, SELECT + "\n" + """
                 WHERE r.package_id IN (SELECT v.package_id FROM package_usage u JOIN package_version v ON v.id = u.package_version_id
                                       WHERE u.snapshot_id = ?)""", ReviewRepository::row, snapshotId);
    }

    /** The stored score of every version of a package (what a decision was based on). */
    public List<String[]> scoresOf(Tx tx, UUID packageId) {
        return Jdbc.query(tx, """
                SELECT v.version, e.grade, e.provenance_score, e.health_score, e.model_version, e.status FROM package_version v
                JOIN version_evidence e ON e.package_version_id = v.id WHERE v.package_id = ? ORDER BY v.version""",
                rs -> new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getInt(3)), String.valueOf(rs.getInt(4)),
                        rs.getString(5), rs.getString(6)}, packageId);
    }

    private static ReviewRow row(ResultSet rs) throws SQLException {
        return new ReviewRow(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "package_id"), rs.getString("package_purl"), rs.getString("at_least"),
                rs.getString("below"), rs.getString("state"), rs.getString("requested_by"), rs.getString("request_reason"),
                rs.getString("decided_by"), rs.getString("decision_reason"), rs.getString("conditions"), Jdbc.time(rs, "expires_at"),
                rs.getString("basis"), Jdbc.time(rs, "created_at"), Jdbc.time(rs, "updated_at"));
    }
}
