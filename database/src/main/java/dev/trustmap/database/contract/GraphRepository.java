package dev.trustmap.database.contract;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.time.OffsetDateTime;

/** Reads the whole service/provider/contract graph with a handful of explicit queries. */
public final class GraphRepository {
    private static final int CHANGE_LIMIT = 20_000;

    public GraphRows load(Tx tx, OffsetDateTime changesSince) {
        long version = Jdbc.queryOne(tx, "SELECT version FROM change_marker WHERE name = 'topology'", rs -> rs.getLong(1)).orElse(0L);
        var services = Jdbc.query(tx, "SELECT slug, display_name, tier, owner_team, owner_contact, regions FROM service",
                rs -> new GraphRows.ServiceRow(rs.getString("slug"), rs.getString("display_name"), rs.getString("tier"),
                        rs.getString("owner_team"), rs.getString("owner_contact"), rs.getString("regions")));
        var providers = Jdbc.query(tx, """
                SELECT name, display_name, capabilities, regions, status_page_url, support_contact, data_residency FROM provider""",
                rs -> new GraphRows.ProviderRow(rs.getString("name"), rs.getString("display_name"), rs.getString("capabilities"),
                        rs.getString("regions"), rs.getString("status_page_url"), rs.getString("support_contact"),
                        rs.getString("data_residency")));
        var contracts = Jdbc.query(tx, """
                SELECT s.slug, c.name, c.version, c.target_service, c.provider, c.capability, c.mode, c.criticality,
                       c.cross_region, c.degraded_behavior, c.fallback, c.user_impact, c.runbook, c.timeout_ms,
                       c.delivery, c.ordering_guarantee
                FROM dependency_contract c JOIN service s ON s.id = c.service_id
                WHERE c.current = TRUE AND c.removed = FALSE""",
                rs -> new GraphRows.ContractRow(rs.getString("slug"), rs.getString("name"), rs.getInt("version"),
                        rs.getString("target_service"), rs.getString("provider"), rs.getString("capability"),
                        rs.getString("mode"), rs.getString("criticality"), (Boolean) rs.getObject("cross_region"),
                        rs.getString("degraded_behavior"), rs.getString("fallback"), rs.getString("user_impact"),
                        rs.getString("runbook"), (Integer) rs.getObject("timeout_ms"), rs.getString("delivery"),
                        rs.getString("ordering_guarantee")));
        var contractChanges = Jdbc.query(tx, """
                SELECT s.slug, c.name, c.version, c.removed, c.changed_by, c.changed_at
                FROM dependency_contract c JOIN service s ON s.id = c.service_id
                WHERE c.changed_at >= ? ORDER BY c.changed_at DESC FETCH FIRST %d ROWS ONLY""".formatted(CHANGE_LIMIT),
                rs -> new GraphRows.ContractChangeRow(rs.getString("slug"), rs.getString("name"), rs.getInt("version"),
                        rs.getBoolean("removed"), rs.getString("changed_by"), Jdbc.time(rs, "changed_at")), changesSince);
        var sbomChanges = Jdbc.query(tx, """
                SELECT s.slug, sn.label, sn.uploaded_at, sn.component_count, j.result
                FROM sbom_snapshot sn JOIN service s ON s.id = sn.service_id
                LEFT JOIN ingestion_job j ON j.snapshot_id = sn.id AND j.state = 'completed'
                WHERE sn.uploaded_at >= ? ORDER BY sn.uploaded_at DESC FETCH FIRST %d ROWS ONLY""".formatted(CHANGE_LIMIT),
                rs -> new GraphRows.SbomChangeRow(rs.getString("slug"), rs.getString("label"), Jdbc.time(rs, "uploaded_at"),
                        rs.getInt("component_count"), rs.getString("result")), changesSince);
        var trustEvents = Jdbc.query(tx, """
                SELECT DISTINCT s.slug, p.purl, e.version, e.kind, e.occurred_at, e.detail
                FROM trust_event e JOIN software_package p ON p.id = e.package_id
                JOIN package_version v ON v.package_id = e.package_id
                JOIN package_usage u ON u.package_version_id = v.id
                JOIN service s ON s.current_snapshot_id = u.snapshot_id
                WHERE e.occurred_at >= ? ORDER BY e.occurred_at DESC, s.slug FETCH FIRST %d ROWS ONLY""".formatted(CHANGE_LIMIT),
                rs -> new GraphRows.TrustEventChangeRow(rs.getString("slug"), rs.getString("purl"), rs.getString("version"),
                        rs.getString("kind"), Jdbc.time(rs, "occurred_at"), rs.getString("detail")), changesSince);
        return new GraphRows(version, services, providers, contracts, contractChanges, sbomChanges, trustEvents);
    }
}
