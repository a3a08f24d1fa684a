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

    /** Whether the service has a snapshot, or a job, with this label. */
    public boolean hasLabel(Tx tx, UUID serviceId, String label) {
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM sbom_snapshot WHERE service_id = ? AND label = ?", rs -> rs.getLong(1),
                serviceId, label).orElse(0L) > 0
                || Jdbc.queryOne(tx, "SELECT COUNT(*) FROM ingestion_job WHERE service_id = ? AND label = ?", rs -> rs.getLong(1),
                serviceId, label).orElse(0L) > 0;
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
        insertPackagesAndVersions(tx, rows.packages(), rows.versions(), now);
        insertSnapshot(tx, snapshot);
        insertUsages(tx, snapshot, rows.usages());
        insertEdges(tx, snapshot, rows.edges());
    }

    /** Packages and versions (one chunk of a document); those already stored are left as they are. */
    public void insertPackagesAndVersions(Tx tx, List<SbomRows.PackageRow> packages, List<SbomRows.VersionRow> versions,
                                          OffsetDateTime now) {
        try {
            if (tx.postgres()) {
                insertPackagesAndVersionsWithArrays(tx, packages, versions, now);
            } else {
                batch(tx, "INSERT INTO software_package (id, purl, ecosystem, namespace, name, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", packages,
                        (s, p) -> Jdbc.bind(s, p.id(), p.purl(), p.ecosystem(), p.namespace(), p.name(), now));
                batch(tx, "INSERT INTO package_version (id, package_id, version, qualifiers, purl, hashes, licenses, supplier, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", versions,
                        (s, v) -> Jdbc.bind(s, v.id(), v.packageId(), v.version(), v.qualifiers(), v.purl(),
                                v.hashesJson(), v.licensesJson(), v.supplier(), now));
            }
        } catch (SQLException e) {
            throw new DataAccessException("Writing the SBOM's packages failed", e);
        }
    }

    public void insertSnapshot(Tx tx, SnapshotRow snapshot) {
        Jdbc.update(tx, "INSERT INTO sbom_snapshot (id, service_id, label, format, spec_version, serial_number, digest, "
                        + "uploaded_by, uploaded_at, component_count, direct_count, edge_count, skipped_count, previous_snapshot_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                snapshot.id(), snapshot.serviceId(), snapshot.label(), snapshot.format(), snapshot.specVersion(),
                snapshot.serialNumber(), snapshot.digest(), snapshot.uploadedBy(), snapshot.uploadedAt(),
                snapshot.componentCount(), snapshot.directCount(), snapshot.edgeCount(), snapshot.skippedCount(),
                snapshot.previousSnapshotId());
    }

    /** The snapshot's usages (one chunk); the snapshot row exists. */
    public void insertUsages(Tx tx, SnapshotRow snapshot, List<SbomRows.UsageRow> usages) {
        try {
            if (tx.postgres()) {
                insertUsagesWithArrays(tx, snapshot, usages);
            } else {
                batch(tx, "INSERT INTO package_usage (snapshot_id, package_version_id, service_id, relationship, scope) "
                                + "VALUES (?, ?, ?, ?, ?)", usages,
                        (s, u) -> Jdbc.bind(s, snapshot.id(), u.versionId(), snapshot.serviceId(), u.relationship(), u.scope()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("Writing the SBOM's usages failed", e);
        }
    }

    /** The snapshot's dependency edges (one chunk). */
    public void insertEdges(Tx tx, SnapshotRow snapshot, List<SbomRows.EdgeRow> edges) {
        try {
            if (tx.postgres()) {
                insertEdgesWithArrays(tx, snapshot, edges);
            } else {
                batch(tx, "INSERT INTO dependency_edge (snapshot_id, from_version_id, to_version_id) VALUES (?, ?, ?)",
                        edges, (s, e) -> Jdbc.bind(s, snapshot.id(), e.fromVersionId(), e.toVersionId()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("Writing the SBOM's dependency graph failed", e);
        }
    }

    /** Usages of a snapshot by relationship ({@code direct}, {@code transitive}, {@code unknown}). */
    public Map<String, Integer> relationshipCounts(Tx tx, UUID snapshotId) {
        Map<String, Integer> counts = new HashMap<>();
        Jdbc.query(tx, "SELECT relationship, COUNT(*) AS n FROM package_usage WHERE snapshot_id = ? GROUP BY relationship", rs -> {
            counts.put(rs.getString("relationship"), rs.getInt("n"));
            return null;
        }, snapshotId);
        return counts;
    }

    /** Receives one package of a diff: its versions in the previous and in the new snapshot (both sorted, maybe empty). */
    @FunctionalInterface
    public interface DiffVisitor {
        void visit(String packagePurl, List<String> before, List<String> after);
    }

    /**
     * Walks the packages of two snapshots in purl order, one package at a time (nothing is held
     * but the package at hand), and gives each one's versions before and after.
     */
    public void diff(Tx tx, UUID previous, UUID current, DiffVisitor visitor) {
        String order = tx.postgres() ? "p.purl COLLATE \"C\"" : "p.purl";
        try (PreparedStatement statement = tx.connection().prepareStatement("""
                SELECT p.purl AS package_purl, v.version AS version, CASE WHEN u.snapshot_id = ? THEN 1 ELSE 0 END AS side
                FROM package_usage u
                JOIN package_version v ON v.id = u.package_version_id
                JOIN software_package p ON p.id = v.package_id
                WHERE u.snapshot_id IN (?, ?)
                ORDER BY\s""" + order + ", side, v.version")) {
            statement.setFetchSize(2_000);
            Jdbc.bind(statement, current, previous, current);
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                String purl = null;
                List<String> before = new java.util.ArrayList<>();
                List<String> after = new java.util.ArrayList<>();
                while (rs.next()) {
                    String next = rs.getString("package_purl");
                    if (purl != null && !purl.equals(next)) {
                        visitor.visit(purl, before, after);
                        before = new java.util.ArrayList<>();
                        after = new java.util.ArrayList<>();
                    }
                    purl = next;
                    (rs.getInt("side") == 1 ? after : before).add(rs.getString("version"));
                }
                if (purl != null) {
                    visitor.visit(purl, before, after);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("Comparing snapshots failed", e);
        }
    }

    /*
     * PostgreSQL: one statement per table, the rows passed as parallel arrays and expanded by
     * unnest() on the server. Against batched multi-row inserts this removes hundreds of round
     * trips for a large SBOM (10,000 components: ~320 statements become 4).
     */
    private static void insertPackagesAndVersionsWithArrays(Tx tx, List<SbomRows.PackageRow> p, List<SbomRows.VersionRow> v,
                                                            OffsetDateTime now) throws SQLException {
        Connection c = tx.connection();
        if (p.isEmpty() && v.isEmpty()) {
            return;
        }
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

    private static void insertUsagesWithArrays(Tx tx, SnapshotRow snapshot, List<SbomRows.UsageRow> u) throws SQLException {
        Connection c = tx.connection();
        if (u.isEmpty()) {
            return;
        }
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
    }

    private static void insertEdgesWithArrays(Tx tx, SnapshotRow snapshot, List<SbomRows.EdgeRow> e) throws SQLException {
        Connection c = tx.connection();
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
