package dev.trustmap.database.policy;

import dev.trustmap.database.platform.DataAccessException;
import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import dev.trustmap.database.sbom.SbomRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Policies and their versions, the policy-input change marker, and stored snapshot evaluations. */
public final class PolicyRepository {
    private static final String CURRENT = """
            SELECT p.id, p.name, v.version, v.enabled, p.built_in, v.description, v.expression, v.severity, v.target,
                   v.scope_kind, v.scope_values, v.message, v.changed_by, v.changed_at
            FROM policy p JOIN policy_version v ON v.policy_id = p.id AND v.version = p.current_version""";

    public List<PolicyRow> current(Tx tx) {
        return Jdbc.query(tx, CURRENT + " ORDER BY p.name", PolicyRepository::policy);
    }

    public Optional<PolicyRow> current(Tx tx, String name) {
        return Jdbc.queryOne(tx, CURRENT + " WHERE p.name = ?", PolicyRepository::policy, name);
    }

    /** Locks the policy row until the transaction ends and returns its current version. */
    public Optional<PolicyRow> lock(Tx tx, String name) {
        Jdbc.query(tx, "SELECT id FROM policy WHERE name = ? FOR UPDATE", rs -> rs.getString(1), name);
        return current(tx, name);
    }

    public List<PolicyRow> history(Tx tx, String name) {
        return Jdbc.query(tx, """
                SELECT p.id, p.name, v.version, v.enabled, p.built_in, v.description, v.expression, v.severity, v.target,
                       v.scope_kind, v.scope_values, v.message, v.changed_by, v.changed_at
                FROM policy p JOIN policy_version v ON v.policy_id = p.id WHERE p.name = ? ORDER BY v.version DESC""",
                PolicyRepository::policy, name);
    }

    public long count(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT COUNT(*) FROM policy", rs -> rs.getLong(1)).orElse(0L);
    }

    /** Inserts a new policy with {@code row} as its version 1. */
    public void insert(Tx tx, PolicyRow row, OffsetDateTime now) {
        Jdbc.update(tx, "INSERT INTO policy (id, name, current_version, enabled, built_in, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row.id(), row.name(), row.version(), row.enabled(), row.builtIn(), now, now);
        insertVersion(tx, row);
    }

    /** Adds {@code row} as the policy's new current version. */
    public void addVersion(Tx tx, PolicyRow row) {
        insertVersion(tx, row);
        Jdbc.update(tx, "UPDATE policy SET current_version = ?, enabled = ?, updated_at = ? WHERE id = ?",
                row.version(), row.enabled(), row.changedAt(), row.id());
    }

    private static void insertVersion(Tx tx, PolicyRow row) {
        Jdbc.update(tx, """
                INSERT INTO policy_version (policy_id, version, description, expression, severity, target, scope_kind,
                    scope_values, message, enabled, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.id(), row.version(), row.description(), row.expression(), row.severity(), row.target(), row.scopeKind(),
                row.scopeValues(), row.message(), row.enabled(), row.changedBy(), row.changedAt());
    }

    /** Serialises writers of policy inputs (seeding, policy writes) across processes until the transaction ends. */
    public void lockInputs(Tx tx) {
        Jdbc.query(tx, "SELECT id FROM policy_input_change WHERE id = 1 FOR UPDATE", rs -> rs.getInt(1));
    }

    /** Records that policies or reviews changed: every snapshot is evaluated again. */
    public void markInputsChanged(Tx tx, OffsetDateTime now) {
        Jdbc.update(tx, "UPDATE policy_input_change SET changed_at = ? WHERE id = 1", now);
    }

    public OffsetDateTime inputsChangedAt(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT changed_at FROM policy_input_change WHERE id = 1", rs -> Jdbc.time(rs, "changed_at")).orElseThrow();
    }

    /** The columns {@link #componentFacts} reads. */
    private static final String COMPONENT_COLUMNS = """
            SELECT u.package_version_id, v.package_id, p.purl AS package_purl, p.ecosystem, p.namespace, p.name, v.version,
                   v.purl AS version_purl, v.licenses, u.relationship, u.scope, e.status, e.collected_at,
                   e.provenance_score, e.health_score, e.grade, e.model_version
            """;

    private static final String COMPONENT_FACTS = COMPONENT_COLUMNS + """
            FROM package_usage u
            JOIN package_version v ON v.id = u.package_version_id
            JOIN software_package p ON p.id = v.package_id
            LEFT JOIN version_evidence e ON e.package_version_id = u.package_version_id
            WHERE u.snapshot_id = ?""";

    /** Every package version a snapshot uses, with its stored evidence and score. */
    public List<ComponentFactsRow> components(Tx tx, UUID snapshotId) {
        return Jdbc.query(tx, COMPONENT_FACTS, PolicyRepository::componentFacts, snapshotId);
    }

    /**
     * {@link #components} a page at a time, each page handed to {@code pageSink}, so only one page
     * is held. On PostgreSQL by keyset over the usage table's primary key (each page one index
     * range, whatever the planner knows about rows written in the same transaction); on H2, which
     * sorts the whole snapshot for such a page, by the snapshot's version ids read once and looked
     * up a page at a time.
     */
    public void forEachComponentPage(Tx tx, UUID snapshotId, int pageSize, java.util.function.Consumer<List<ComponentFactsRow>> pageSink) {
        if (!tx.postgres()) {
            List<UUID> ids = Jdbc.query(tx, "SELECT package_version_id FROM package_usage WHERE snapshot_id = ?",
                    rs -> Jdbc.uuid(rs, "package_version_id"), snapshotId);
            for (int from = 0; from < ids.size(); from += pageSize) {
                pageSink.accept(components(tx, snapshotId, ids.subList(from, Math.min(ids.size(), from + pageSize))));
            }
            return;
        }
        UUID after = null;
        while (true) {
            List<ComponentFactsRow> page = after == null
                    ? Jdbc.query(tx, COMPONENT_FACTS + " ORDER BY u.package_version_id LIMIT ?", PolicyRepository::componentFacts,
                            snapshotId, pageSize)
                    : Jdbc.query(tx, COMPONENT_FACTS + " AND u.package_version_id > ? ORDER BY u.package_version_id LIMIT ?",
                            PolicyRepository::componentFacts, snapshotId, after, pageSize);
            if (!page.isEmpty()) {
                pageSink.accept(page);
            }
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).versionId();
        }
    }

    /** {@link #components} of the given versions only. */
    private List<ComponentFactsRow> components(Tx tx, UUID snapshotId, List<UUID> versionIds) {
        if (versionIds.isEmpty()) {
            return List.of();
        }
        Object[] params = new Object[versionIds.size() + 1];
        params[0] = snapshotId;
        for (int i = 0; i < versionIds.size(); i++) {
            params[i + 1] = versionIds.get(i);
        }
        // driven from the ids (package_version first): the plan H2 keeps for a page of them
        return Jdbc.query(tx, COMPONENT_COLUMNS + """
                FROM package_version v
                JOIN package_usage u ON u.package_version_id = v.id AND u.snapshot_id = ?
                JOIN software_package p ON p.id = v.package_id
                LEFT JOIN version_evidence e ON e.package_version_id = v.id
                WHERE v.id IN (""" + String.join(", ", java.util.Collections.nCopies(versionIds.size(), "?")) + ")",
                PolicyRepository::componentFacts, params);
    }

    private static ComponentFactsRow componentFacts(java.sql.ResultSet rs) throws SQLException {
        return new ComponentFactsRow(Jdbc.uuid(rs, "package_version_id"),
                Jdbc.uuid(rs, "package_id"), rs.getString("package_purl"), rs.getString("ecosystem"), rs.getString("namespace"),
                rs.getString("name"), rs.getString("version"), rs.getString("version_purl"), rs.getString("licenses"),
                rs.getString("relationship"), rs.getString("scope"), rs.getString("status"), Jdbc.time(rs, "collected_at"),
                (Integer) rs.getObject("provenance_score"), (Integer) rs.getObject("health_score"), rs.getString("grade"),
                rs.getString("model_version"));
    }

    /** The evidence items, facts and gaps of the given versions (in batches of 500). */
    public List<EvidenceDetailsRow> evidenceDetails(Tx tx, List<UUID> versionIds) {
        List<EvidenceDetailsRow> out = new java.util.ArrayList<>(versionIds.size());
        for (int from = 0; from < versionIds.size(); from += 500) {
            List<UUID> batch = versionIds.subList(from, Math.min(versionIds.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            out.addAll(Jdbc.query(tx, "SELECT package_version_id, items, facts, gaps FROM version_evidence WHERE package_version_id IN ("
                    + marks + ")", rs -> new EvidenceDetailsRow(Jdbc.uuid(rs, "package_version_id"), rs.getString("items"),
                    rs.getString("facts"), rs.getString("gaps")), batch.toArray()));
        }
        return out;
    }

    /** Trust events since {@code since} of the packages a snapshot uses. */
    public List<EventFactsRow> events(Tx tx, UUID snapshotId, OffsetDateTime since) {
        return Jdbc.query(tx, """
                SELECT t.package_id, t.version, t.kind, t.occurred_at, t.detail FROM trust_event t
                WHERE t.occurred_at >= ? AND t.package_id IN (
                    SELECT v.package_id FROM package_usage u JOIN package_version v ON v.id = u.package_version_id
                    WHERE u.snapshot_id = ?)""",
                rs -> new EventFactsRow(Jdbc.uuid(rs, "package_id"), rs.getString("version"), rs.getString("kind"),
                        Jdbc.time(rs, "occurred_at"), rs.getString("detail")), since, snapshotId);
    }

    /** Removes a snapshot's stored evaluation and findings (before they are written anew). */
    public void clearEvaluation(Tx tx, UUID snapshotId) {
        Jdbc.update(tx, "DELETE FROM policy_finding WHERE snapshot_id = ?", snapshotId);
        Jdbc.update(tx, "DELETE FROM policy_evaluation WHERE snapshot_id = ?", snapshotId);
    }

    public void insertEvaluation(Tx tx, EvaluationRow evaluation) {
        Jdbc.update(tx, """
                INSERT INTO policy_evaluation (snapshot_id, service_id, evaluated_at, decision, policies, components, dependencies,
                    evaluations, violations, errors, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                evaluation.snapshotId(), evaluation.serviceId(), evaluation.evaluatedAt(), evaluation.decision(),
                evaluation.policies(), evaluation.components(), evaluation.dependencies(), evaluation.evaluations(),
                evaluation.violations(), evaluation.errors(), evaluation.pending());
    }

    /** Sets the counts and decision of a snapshot's evaluation row (written first, so findings can refer to it). */
    public void updateEvaluation(Tx tx, EvaluationRow evaluation) {
        Jdbc.update(tx, """
                UPDATE policy_evaluation SET evaluated_at = ?, decision = ?, policies = ?, components = ?, dependencies = ?,
                    evaluations = ?, violations = ?, errors = ?, pending = ? WHERE snapshot_id = ?""",
                evaluation.evaluatedAt(), evaluation.decision(), evaluation.policies(), evaluation.components(),
                evaluation.dependencies(), evaluation.evaluations(), evaluation.violations(), evaluation.errors(),
                evaluation.pending(), evaluation.snapshotId());
    }

    public void insertFindings(Tx tx, List<FindingRow> findings) {
        if (findings.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = tx.connection().prepareStatement("""
                INSERT INTO policy_finding (id, snapshot_id, policy_name, policy_version, severity, outcome, subject_kind, subject,
                    message, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int batched = 0;
            for (FindingRow f : findings) {
                Jdbc.bind(statement, f.id(), f.snapshotId(), f.policyName(), f.policyVersion(), f.severity(), f.outcome(),
                        f.subjectKind(), f.subject(), f.message(), f.basis());
                statement.addBatch();
                if (++batched % 500 == 0) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new DataAccessException("Storing policy findings failed", e);
        }
    }

    public Optional<EvaluationRow> evaluation(Tx tx, UUID snapshotId) {
        return Jdbc.queryOne(tx, "SELECT * FROM policy_evaluation WHERE snapshot_id = ?", PolicyRepository::evaluation, snapshotId);
    }

    public List<FindingRow> findings(Tx tx, UUID snapshotId) {
        return Jdbc.query(tx, "SELECT * FROM policy_finding WHERE snapshot_id = ? ORDER BY severity, policy_name, subject",
                rs -> new FindingRow(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "snapshot_id"), rs.getString("policy_name"),
                        rs.getInt("policy_version"), rs.getString("severity"), rs.getString("outcome"), rs.getString("subject_kind"),
                        rs.getString("subject"), rs.getString("message"), rs.getString("basis")), snapshotId);
    }

    /**
     * Services whose current snapshot has no evaluation, or one older than a change of policies or
     * reviews, of the service's contracts, or of the evidence of a version it uses.
     */
    public List<UUID> dueForEvaluation(Tx tx, int limit) {
        return Jdbc.query(tx, """
                SELECT s.id FROM service s
                LEFT JOIN policy_evaluation pe ON pe.snapshot_id = s.current_snapshot_id
                WHERE s.current_snapshot_id IS NOT NULL AND (pe.snapshot_id IS NULL
                   OR pe.evaluated_at < (SELECT changed_at FROM policy_input_change WHERE id = 1)
                   OR EXISTS (SELECT 1 FROM dependency_contract c WHERE c.service_id = s.id AND c.changed_at > pe.evaluated_at)
                   OR EXISTS (SELECT 1 FROM package_usage u JOIN version_evidence e ON e.package_version_id = u.package_version_id
                              WHERE u.snapshot_id = s.current_snapshot_id AND e.collected_at > pe.evaluated_at))
                ORDER BY s.slug FETCH FIRST ? ROWS ONLY""", rs -> Jdbc.uuid(rs, "id"), limit);
    }

    /** Locks a service for evaluation without waiting: empty when another transaction holds it. */
    public boolean tryLockService(Tx tx, UUID serviceId) {
        return !Jdbc.query(tx, "SELECT id FROM service WHERE id = ? FOR UPDATE SKIP LOCKED", rs -> rs.getString(1), serviceId).isEmpty();
    }

    private static PolicyRow policy(ResultSet rs) throws SQLException {
        return new PolicyRow(Jdbc.uuid(rs, "id"), rs.getString("name"), rs.getInt("version"), rs.getBoolean("enabled"),
                rs.getBoolean("built_in"), rs.getString("description"), rs.getString("expression"), rs.getString("severity"),
                rs.getString("target"), rs.getString("scope_kind"), rs.getString("scope_values"), rs.getString("message"),
                rs.getString("changed_by"), Jdbc.time(rs, "changed_at"));
    }

    private static EvaluationRow evaluation(ResultSet rs) throws SQLException {
        return new EvaluationRow(Jdbc.uuid(rs, "snapshot_id"), Jdbc.uuid(rs, "service_id"), Jdbc.time(rs, "evaluated_at"),
                rs.getString("decision"), rs.getInt("policies"), rs.getInt("components"), rs.getInt("dependencies"),
                rs.getInt("evaluations"), rs.getInt("violations"), rs.getInt("errors"), rs.getInt("pending"));
    }
}
