package dev.trustmap.database.sbom;

import dev.trustmap.database.platform.DataAccessException;
import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.Connection;
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
            if (tx.postgres()) {
                insertPackagesAndVersionsWithArrays(tx, rows, now);
            } else {
                batch(tx, "INSERT INTO software_package (id, purl, ecosystem, namespace, name, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.packages(),
                        (s, p) -> Jdbc.bind(s, p.id(), p.purl(), p.ecosystem(), p.namespace(), p.name(), now));
                batch(tx, "INSERT INTO package_version (id, package_id, version, qualifiers, purl, hashes, licenses, supplier, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.versions(),
                        (s, v) -> Jdbc.bind(s, v.id(), v.packageId(), v.version(), v.qualifiers(), v.purl(),
                                v.hashesJson(), v.licensesJson(), v.supplier(), now));
            }
            Jdbc.update(tx, "INSERT INTO sbom_snapshot (id, service_id, label, format, spec_version, serial_number, digest, "
                            + "uploaded_by, uploaded_at, component_count, direct_count, edge_count, skipped_count, previous_snapshot_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    snapshot.id(), snapshot.serviceId(), snapshot.label(), snapshot.format(), snapshot.specVersion(),
                    snapshot.serialNumber(), snapshot.digest(), snapshot.uploadedBy(), snapshot.uploadedAt(),
                    snapshot.componentCount(), snapshot.directCount(), snapshot.edgeCount(), snapshot.skippedCount(),
                    snapshot.previousSnapshotId());
            if (tx.postgres()) {
                insertUsagesAndEdgesWithArrays(tx, snapshot, rows);
            } else {
                batch(tx, "INSERT INTO package_usage (snapshot_id, package_version_id, service_id, relationship, scope) "
                                + "VALUES (?, ?, ?, ?, ?)", rows.usages(),
                        (s, u) -> Jdbc.bind(s, snapshot.id(), u.versionId(), snapshot.serviceId(), u.relationship(), u.scope()));
                batch(tx, "INSERT INTO dependency_edge (snapshot_id, from_version_id, to_version_id) VALUES (?, ?, ?)",
                        rows.edges(), (s, e) -> Jdbc.bind(s, snapshot.id(), e.fromVersionId(), e.toVersionId()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("Writing the SBOM snapshot failed", e);
        }
    }

    /*
     * PostgreSQL: one statement per table, the rows passed as parallel arrays and expanded by
     * unnest() on the server. Against batched multi-row inserts this removes hundreds of round
     * trips for a large SBOM (10,000 components: ~320 statements become 4).
     */
    private static void insertPackagesAndVersionsWithArrays(Tx tx, SbomRows rows, OffsetDateTime now) throws SQLException {
        Connection c = tx.connection();
        List<SbomRows.PackageRow> p = rows.packages();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO software_package (id, purl, ecosystem, namespace, name, created_at)
                SELECT u.id, u.purl, u.ecosystem, u.namespace, u.name, ? FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(id, purl, ecosystem, namespace, name)
                ON CONFLICT DO NOTHING""")) {
            s.setObject(1, now);
            s.setArray(2, c.createArrayOf("uuid", p.stream().map(SbomRows.PackageRow::id).toArray()));
            s.setArray(3, c.createArrayOf("text", p.stream().map(SbomRows.PackageRow::purl).toArray()));
            s.setArray(4, c.createArrayOf("text", p.stream().map(SbomRows.PackageRow::ecosystem).toArray()));
            s.setArray(5, c.createArrayOf("text", p.stream().map(SbomRows.PackageRow::namespace).toArray()));
            s.setArray(6, c.createArrayOf("text", p.stream().map(SbomRows.PackageRow::name).toArray()));
            s.executeUpdate();
        }
        List<SbomRows.VersionRow> v = rows.versions();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO package_version (id, package_id, version, qualifiers, purl, hashes, licenses, supplier, created_at)
                SELECT u.id, u.package_id, u.version, u.qualifiers, u.purl, u.hashes, u.licenses, u.supplier, ?
                FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(id, package_id, version, qualifiers, purl, hashes, licenses, supplier)
                ON CONFLICT DO NOTHING""")) {
            s.setObject(1, now);
            s.setArray(2, c.createArrayOf("uuid", v.stream().map(SbomRows.VersionRow::id).toArray()));
            s.setArray(3, c.createArrayOf("uuid", v.stream().map(SbomRows.VersionRow::packageId).toArray()));
            s.setArray(4, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::version).toArray()));
            s.setArray(5, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::qualifiers).toArray()));
            s.setArray(6, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::purl).toArray()));
            s.setArray(7, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::hashesJson).toArray()));
            s.setArray(8, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::licensesJson).toArray()));
            s.setArray(9, c.createArrayOf("text", v.stream().map(SbomRows.VersionRow::supplier).toArray()));
            s.executeUpdate();
        }
    }

    private static void insertUsagesAndEdgesWithArrays(Tx tx, SnapshotRow snapshot, SbomRows rows) throws SQLException {
        Connection c = tx.connection();
        List<SbomRows.UsageRow> u = rows.usages();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO package_usage (snapshot_id, package_version_id, service_id, relationship, scope)
                SELECT ?, u.version_id, ?, u.relationship, u.scope FROM unnest(?::uuid[], ?::text[], ?::text[])
                    AS u(version_id, relationship, scope)""")) {
            s.setObject(1, snapshot.id());
            s.setObject(2, snapshot.serviceId());
            s.setArray(3, c.createArrayOf("uuid", u.stream().map(SbomRows.UsageRow::versionId).toArray()));
            s.setArray(4, c.createArrayOf("text", u.stream().map(SbomRows.UsageRow::relationship).toArray()));
            s.setArray(5, c.createArrayOf("text", u.stream().map(SbomRows.UsageRow::scope).toArray()));
            s.executeUpdate();
        }
        List<SbomRows.EdgeRow> e = rows.edges();
        if (e.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO dependency_edge (snapshot_id, from_version_id, to_version_id)
                SELECT ?, u.from_id, u.to_id FROM unnest(?::uuid[], ?::uuid[]) AS u(from_id, to_id)""")) {
            s.setObject(1, snapshot.id());
            s.setArray(2, c.createArrayOf("uuid", e.stream().map(SbomRows.EdgeRow::fromVersionId).toArray()));
            s.setArray(3, c.createArrayOf("uuid", e.stream().map(SbomRows.EdgeRow::toVersionId).toArray()));
            s.executeUpdate();
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
