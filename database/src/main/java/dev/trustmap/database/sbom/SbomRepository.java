package dev.trustmap.database.sbom;

import dev.trustmap.database.platform.DataAccessException;
import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SBOM snapshots. Reads go through JPA; the ingestion path writes with batched explicit SQL
 * ({@code INSERT … ON CONFLICT DO NOTHING}, rewritten into multi-row inserts on PostgreSQL).
 */
public final class SbomRepository {
    private static final int BATCH = 1_000;

    public Optional<SbomSnapshotEntity> find(Tx tx, UUID id) {
        return Optional.ofNullable(tx.em().find(SbomSnapshotEntity.class, id));
    }

    public List<SbomSnapshotEntity> history(Tx tx, UUID serviceId, int limit) {
        return tx.em().createNamedQuery("Snapshot.byService", SbomSnapshotEntity.class)
                .setParameter("serviceId", serviceId).setMaxResults(limit).getResultList();
    }

    public Optional<UUID> findByDigest(Tx tx, UUID serviceId, String digest) {
        return Jdbc.queryOne(tx, "SELECT id FROM sbom_snapshot WHERE service_id = ? AND digest = ?",
                rs -> Jdbc.uuid(rs, "id"), serviceId, digest);
    }

    /** Package purl → versions used, for diffing against a new upload. */
    public Map<String, List<String>> packagesOf(Tx tx, UUID snapshotId) {
        Map<String, List<String>> packages = new HashMap<>();
        Jdbc.query(tx, """
                SELECT p.purl AS package_purl, v.version AS version
                FROM package_usage u
                JOIN package_version v ON v.id = u.package_version_id
                JOIN software_package p ON p.id = v.package_id
                WHERE u.snapshot_id = ?""", rs -> {
            packages.computeIfAbsent(rs.getString("package_purl"), k -> new java.util.ArrayList<>()).add(rs.getString("version"));
            return null;
        }, snapshotId);
        return packages;
    }

    public List<ComponentView> components(Tx tx, UUID snapshotId, int offset, int limit) {
        return Jdbc.query(tx, """
                SELECT v.purl AS purl, p.purl AS package_purl, p.ecosystem AS ecosystem, v.version AS version,
                       u.relationship AS relationship, u.scope AS scope, v.hashes AS hashes, v.licenses AS licenses
                FROM package_usage u
                JOIN package_version v ON v.id = u.package_version_id
                JOIN software_package p ON p.id = v.package_id
                WHERE u.snapshot_id = ?
                ORDER BY v.purl
                OFFSET ? ROWS FETCH NEXT ? ROWS ONLY""",
                rs -> new ComponentView(rs.getString("purl"), rs.getString("package_purl"), rs.getString("ecosystem"),
                        rs.getString("version"), rs.getString("relationship"), rs.getString("scope"),
                        rs.getString("hashes"), rs.getString("licenses")),
                snapshotId, offset, limit);
    }

    /** Writes a snapshot and everything it uses; packages and versions already known are left as they are. */
    public void insert(Tx tx, SnapshotRow snapshot, SbomRows rows, OffsetDateTime now) {
        try {
            batch(tx, "INSERT INTO software_package (id, purl, ecosystem, namespace, name, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.packages(),
                    (s, p) -> Jdbc.bind(s, p.id(), p.purl(), p.ecosystem(), p.namespace(), p.name(), now));
            batch(tx, "INSERT INTO package_version (id, package_id, version, qualifiers, purl, hashes, licenses, supplier, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.versions(),
                    (s, v) -> Jdbc.bind(s, v.id(), v.packageId(), v.version(), v.qualifiers(), v.purl(),
                            v.hashesJson(), v.licensesJson(), v.supplier(), now));
            Jdbc.update(tx, "INSERT INTO sbom_snapshot (id, service_id, label, format, spec_version, serial_number, digest, "
                            + "uploaded_by, uploaded_at, component_count, direct_count, edge_count, skipped_count, previous_snapshot_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    snapshot.id(), snapshot.serviceId(), snapshot.label(), snapshot.format(), snapshot.specVersion(),
                    snapshot.serialNumber(), snapshot.digest(), snapshot.uploadedBy(), snapshot.uploadedAt(),
                    snapshot.componentCount(), snapshot.directCount(), snapshot.edgeCount(), snapshot.skippedCount(),
                    snapshot.previousSnapshotId());
            batch(tx, "INSERT INTO package_usage (snapshot_id, package_version_id, service_id, relationship, scope) "
                            + "VALUES (?, ?, ?, ?, ?)", rows.usages(),
                    (s, u) -> Jdbc.bind(s, snapshot.id(), u.versionId(), snapshot.serviceId(), u.relationship(), u.scope()));
            batch(tx, "INSERT INTO dependency_edge (snapshot_id, from_version_id, to_version_id) VALUES (?, ?, ?)",
                    rows.edges(), (s, e) -> Jdbc.bind(s, snapshot.id(), e.fromVersionId(), e.toVersionId()));
        } catch (SQLException e) {
            throw new DataAccessException("Writing the SBOM snapshot failed", e);
        }
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private static <T> void batch(Tx tx, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = tx.connection().prepareStatement(sql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
                if (++pending == BATCH) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        }
    }
}
