package dev.trustmap.database.pkg;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Packages, their versions and who uses them. Listing and usage queries are explicit SQL. */
public final class PackageRepository {

    /**
     * The package of a canonical package purl ({@code pkg:type/…}), by the {@code (ecosystem, purl)}
     * index: a package's ecosystem is its purl's type.
     */
    public Optional<PackageEntity> findByPurl(Tx tx, String packagePurl) {
        int slash = packagePurl.indexOf('/');
        if (!packagePurl.startsWith("pkg:") || slash < 5) {
            return Optional.empty();
        }
        return tx.em().createNamedQuery("Package.byPurl", PackageEntity.class)
                .setParameter("ecosystem", packagePurl.substring(4, slash)).setParameter("purl", packagePurl)
                .getResultStream().findFirst();
    }

    public List<PackageVersionEntity> versions(Tx tx, UUID packageId) {
        return tx.em().createNamedQuery("PackageVersion.byPackage", PackageVersionEntity.class)
                .setParameter("packageId", packageId).getResultList();
    }

    /**
     * Packages ordered by ecosystem, then purl (the index's order), optionally of one ecosystem and
     * whose name (or namespace/name) starts with a prefix.
     */
    public List<PackageSummaryView> list(Tx tx, String ecosystem, String namePrefix, int offset, int limit) {
        Filter filter = filter(ecosystem, namePrefix);
        List<Object> params = new ArrayList<>(filter.params);
        params.add(offset);
        params.add(limit);
        return Jdbc.query(tx, """
                SELECT p.id, p.purl, p.ecosystem, p.namespace, p.name,
                       (SELECT COUNT(*) FROM package_version v WHERE v.package_id = p.id) AS version_count,
                       (SELECT COUNT(DISTINCT s.id) FROM package_version v
                          JOIN package_usage u ON u.package_version_id = v.id
                          JOIN service s ON s.current_snapshot_id = u.snapshot_id
                         WHERE v.package_id = p.id) AS service_count
                FROM software_package p""" + filter.where + " ORDER BY p.ecosystem, p.purl OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new PackageSummaryView(Jdbc.uuid(rs, "id"), rs.getString("purl"), rs.getString("ecosystem"),
                        rs.getString("namespace"), rs.getString("name"), rs.getInt("version_count"), rs.getInt("service_count")),
                params.toArray());
    }

    public long count(Tx tx, String ecosystem, String namePrefix) {
        Filter filter = filter(ecosystem, namePrefix);
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM software_package p" + filter.where,
                rs -> rs.getLong(1), filter.params.toArray()).orElse(0L);
    }

    /** Every service whose current snapshot uses some version of the package. */
    public List<UsageView> currentUsages(Tx tx, UUID packageId) {
        return Jdbc.query(tx, """
                SELECT s.slug, s.tier, v.version, v.purl, u.relationship, u.scope, u.snapshot_id,
                       sn.label, sn.uploaded_at
                FROM package_version v
                JOIN package_usage u ON u.package_version_id = v.id
                JOIN service s ON s.current_snapshot_id = u.snapshot_id
                JOIN sbom_snapshot sn ON sn.id = u.snapshot_id
                WHERE v.package_id = ?
                ORDER BY s.slug, v.purl""",
                rs -> new UsageView(rs.getString("slug"), rs.getString("tier"), rs.getString("version"),
                        rs.getString("purl"), rs.getString("relationship"), rs.getString("scope"),
                        Jdbc.uuid(rs, "snapshot_id"), rs.getString("label"), Jdbc.time(rs, "uploaded_at")),
                packageId);
    }

    private record Filter(String where, List<Object> params) {
    }

    private static Filter filter(String ecosystem, String namePrefix) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (ecosystem != null) {
            clauses.add("p.ecosystem = ?");
            params.add(ecosystem);
        }
        if (namePrefix != null) {
            String escaped = namePrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            clauses.add("(p.name LIKE ? ESCAPE '\\' OR (p.namespace || '/' || p.name) LIKE ? ESCAPE '\\')");
            params.add(escaped + "%");
            params.add(escaped + "%");
        }
        return new Filter(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
    }
}
