package dev.trustmap.api.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.sbom.model.IngestionResult;
import dev.trustmap.database.job.ClaimedJob;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomRows;
import dev.trustmap.database.sbom.SnapshotRow;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import dev.trustmap.api.policy.PolicyEvaluationService;
import dev.trustmap.policy.cel.EvaluationReport;

/**
 * Turns a claimed job into a stored snapshot. Everything — packages, versions, the snapshot, its
 * usages and edges, the service's current-snapshot pointer and the job's completion with its
 * result — is one transaction: a job is never completed before its data is committed, and a
 * crash leaves nothing half-written. The enabled policies are evaluated on the new snapshot in the
 * same transaction (on the evidence already held; evidence still to be collected is reported as
 * pending and evaluated again once it arrives). The same document uploaded again for a service adds no rows.
 */
public final class IngestionService {
    private final Database db;
    private final ServiceRepository services;
    private final SbomRepository sboms;
    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Clock clock;
    private final PolicyEvaluationService evaluations;

    public IngestionService(Database db, ServiceRepository services, SbomRepository sboms, JobRepository jobs,
                            ObjectMapper json, Clock clock, PolicyEvaluationService evaluations) {
        this.db = db;
        this.evaluations = evaluations;
        this.services = services;
        this.sboms = sboms;
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
    }

    /** Package ids are name-based UUIDs of the canonical purl; versions likewise. */
    public static UUID packageId(String packagePurl) {
        return UUID.nameUUIDFromBytes(("package:" + packagePurl).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID versionId(String versionPurl) {
        return UUID.nameUUIDFromBytes(("version:" + versionPurl).getBytes(StandardCharsets.UTF_8));
    }

    /** Stores the job's SBOM and completes the job; returns false if the lease was lost meanwhile. */
    public boolean ingest(ClaimedJob job, ParsedSbom sbom, String owner) {
        long started = System.nanoTime();
        SbomRows rows = rows(sbom);
        return db.inTransaction(tx -> {
            services.lockForIngestion(tx, job.serviceId());
            OffsetDateTime now = OffsetDateTime.now(clock);
            UUID previous = services.find(tx, job.serviceId()).orElseThrow().getCurrentSnapshotId();
            UUID existing = sboms.findByDigest(tx, job.serviceId(), sbom.digest()).orElse(null);
            IngestionResult result;
            UUID snapshotId;
            if (existing != null) {
                snapshotId = existing;
                if (!existing.equals(previous)) {
                    services.setCurrentSnapshot(tx, job.serviceId(), existing, now);
                }
                result = result(sbom, existing, previous, true, Map.of(), Map.of(), started);
            } else {
                snapshotId = UUID.randomUUID();
                Map<String, List<String>> before = previous == null ? Map.of() : sboms.packagesOf(tx, previous);
                int direct = (int) sbom.components().stream().filter(c -> "direct".equals(sbom.relationshipOf(c.purl().versionPurl()))).count();
                sboms.insert(tx, new SnapshotRow(snapshotId, job.serviceId(), job.label(), sbom.format().name().toLowerCase(java.util.Locale.ROOT),
                        sbom.specVersion(), sbom.serialNumber(), sbom.digest(), job.submittedBy(), job.submittedAt(),
                        sbom.components().size(), direct, rows.edges().size(), sbom.skippedWithoutPurl(), previous), rows, now);
                services.setCurrentSnapshot(tx, job.serviceId(), snapshotId, now);
                result = result(sbom, snapshotId, previous, false, before, versionsByPackage(sbom), started);
            }
            EvaluationReport report = evaluations.evaluateAndStore(tx, job.serviceId(), snapshotId, existing == null ? rows : null);
            result = result.withPolicy(PolicyEvaluationService.summary(report, now), (System.nanoTime() - started) / 1_000_000);
            return jobs.complete(tx, job.id(), owner, snapshotId, write(result), OffsetDateTime.now(clock));
        });
    }

    private SbomRows rows(ParsedSbom sbom) {
        Map<String, SbomRows.PackageRow> packages = new java.util.LinkedHashMap<>();
        Map<String, UUID> versionIds = new java.util.HashMap<>(sbom.components().size() * 2);
        List<SbomRows.VersionRow> versions = new ArrayList<>(sbom.components().size());
        List<SbomRows.UsageRow> usages = new ArrayList<>(sbom.components().size());
        for (SbomComponent c : sbom.components()) {
            SbomRows.PackageRow pkg = packages.computeIfAbsent(c.purl().packagePurl(), purl -> new SbomRows.PackageRow(packageId(purl), purl,
                    c.purl().ecosystem(), c.purl().namespace(), c.purl().name()));
            UUID versionId = versionIds.computeIfAbsent(c.purl().versionPurl(), IngestionService::versionId);
            versions.add(new SbomRows.VersionRow(versionId, pkg.id(), c.purl().version(), c.purl().qualifiers(),
                    c.purl().versionPurl(), c.hashes().isEmpty() ? null : write(c.hashes()),
                    c.licenses().isEmpty() ? null : write(c.licenses()), c.supplier()));
            usages.add(new SbomRows.UsageRow(versionId, sbom.relationshipOf(c.purl().versionPurl()), c.scope()));
        }
        List<SbomRows.EdgeRow> edges = new ArrayList<>();
        sbom.edges().forEach((from, targets) -> {
            UUID fromId = versionIds.computeIfAbsent(from, IngestionService::versionId);
            for (String to : targets) {
                edges.add(new SbomRows.EdgeRow(fromId, versionIds.computeIfAbsent(to, IngestionService::versionId)));
            }
        });
        return new SbomRows(List.copyOf(packages.values()), versions, usages, edges);
    }

    private static Map<String, List<String>> versionsByPackage(ParsedSbom sbom) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (SbomComponent c : sbom.components()) {
            map.computeIfAbsent(c.purl().packagePurl(), k -> new ArrayList<>()).add(c.purl().version());
        }
        return map;
    }

    private static IngestionResult result(ParsedSbom sbom, UUID snapshotId, UUID previous, boolean unchanged,
                                          Map<String, List<String>> before, Map<String, List<String>> after, long started) {
        int direct = 0;
        int transitive = 0;
        int unknown = 0;
        for (SbomComponent c : sbom.components()) {
            switch (sbom.relationshipOf(c.purl().versionPurl())) {
                case "direct" -> direct++;
                case "transitive" -> transitive++;
                default -> unknown++;
            }
        }
        Set<String> added = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        Map<String, IngestionResult.VersionChange> changed = new TreeMap<>();
        if (!unchanged) {
            for (Map.Entry<String, List<String>> entry : after.entrySet()) {
                List<String> old = before.get(entry.getKey());
                if (old == null) {
                    added.add(entry.getKey());
                } else if (!new HashSet<>(old).equals(new HashSet<>(entry.getValue()))) {
                    changed.put(entry.getKey(), new IngestionResult.VersionChange(entry.getKey(),
                            sorted(old), sorted(entry.getValue())));
                }
            }
            for (String purl : before.keySet()) {
                if (!after.containsKey(purl)) {
                    removed.add(purl);
                }
            }
        }
        int limit = IngestionResult.LIST_LIMIT;
        boolean truncated = added.size() > limit || removed.size() > limit || changed.size() > limit;
        return new IngestionResult(snapshotId, previous, unchanged, sbom.specVersion(),
                sbom.format().name().toLowerCase(java.util.Locale.ROOT), sbom.components().size(), direct, transitive,
                unknown, sbom.edgeCount(), sbom.skippedWithoutPurl(), added.size(), removed.size(), changed.size(),
                added.stream().limit(limit).toList(), removed.stream().limit(limit).toList(),
                changed.values().stream().limit(limit).toList(), truncated,
                (System.nanoTime() - started) / 1_000_000, null);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().distinct().toList();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
