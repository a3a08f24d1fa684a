package dev.trustmap.api.sbom;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.database.service.ServiceEntity;
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
import dev.trustmap.api.policy.model.EvaluationSummary;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.sbom.SbomSnapshotEntity;
import dev.trustmap.scanner.sbom.SbomException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomReader;
import dev.trustmap.scanner.sbom.SbomSource;
import dev.trustmap.scanner.sbom.SbomSummary;
import java.util.Locale;
import java.util.function.BooleanSupplier;
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

/**
 * Turns a claimed job into a stored snapshot. Everything — packages, versions, the snapshot, its
 * usages and edges, the service's current-snapshot pointer and the job's completion with its
 * result — is one transaction: a job is never completed before its data is committed, and a
 * crash leaves nothing half-written. The enabled policies are evaluated on the new snapshot in the
 * same transaction (on the evidence already held; evidence still to be collected is reported as
 * pending and evaluated again once it arrives). The same document uploaded again for a service adds no rows.
 */
public final class IngestionService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestionService.class);
    /** Stored documents were checked at upload; they are read again without a component limit (the limit may have changed since). */
    private static final SbomReader READER = new SbomReader(new dev.trustmap.scanner.sbom.SbomLimits(Integer.MAX_VALUE));
    private final Database db;
    private final ServiceRepository services;
    private final SbomRepository sboms;
    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Clock clock;
    private final PolicyEvaluationService evaluations;
    private final AuditService audit;

    public IngestionService(Database db, ServiceRepository services, SbomRepository sboms, JobRepository jobs,
                            ObjectMapper json, Clock clock, PolicyEvaluationService evaluations, AuditService audit) {
        this.db = db;
        this.audit = audit;
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

    /**
     * Stores the job's SBOM, read from {@code source} (opened in the transaction) as a stream, and completes the job, all in one
     * transaction; returns false if the lease was lost meanwhile (then nothing is written).
     *
     * @param cancelled checked between chunks: true rolls everything back ({@link IngestionCancelledException})
     */
    public boolean ingest(ClaimedJob job, java.util.function.Function<Tx, SbomSource> source, SbomFormat format, String owner,
                          BooleanSupplier cancelled) {
        long started = System.nanoTime();
        return db.inTransaction(tx -> {
            services.lockForIngestion(tx, job.serviceId());
            OffsetDateTime now = OffsetDateTime.now(clock);
            ServiceEntity service = services.find(tx, job.serviceId()).orElseThrow();
            String slug = service.getSlug();
            UUID previous = service.getCurrentSnapshotId();
            UUID existing = sboms.findByDigest(tx, job.serviceId(), job.payloadDigest()).orElse(null);
            IngestionResult result;
            UUID snapshotId;
            if (existing != null) {
                snapshotId = existing;
                if (!existing.equals(previous)) {
                    services.setCurrentSnapshot(tx, job.serviceId(), existing, now);
                }
                result = unchanged(tx, existing, previous, started);
            } else {
                snapshotId = UUID.randomUUID();
                try (SnapshotIngestion writer = new SnapshotIngestion(db, tx, sboms, json, now, cancelled, previous == null)) {
                    SbomSummary summary = read(source.apply(tx), format, writer);
                    writer.finishComponents();
                    long read = System.nanoTime();
                    SnapshotRow snapshot = new SnapshotRow(snapshotId, job.serviceId(), job.label(),
                            format.name().toLowerCase(Locale.ROOT), summary.specVersion(), summary.serialNumber(), summary.digest(),
                            job.submittedBy(), job.submittedAt(), writer.components(), writer.direct(), writer.edges(),
                            summary.skippedWithoutPurl(), previous);
                    sboms.insertSnapshot(tx, snapshot);
                    writer.writeUsagesAndEdges(snapshot);
                    long usages = System.nanoTime();
                    services.setCurrentSnapshot(tx, job.serviceId(), snapshotId, now);
                    int transitive = writer.graphKnown() ? writer.components() - writer.direct() : 0;
                    int unknown = writer.graphKnown() ? 0 : writer.components();
                    result = changed(tx, snapshot, summary, writer, transitive, unknown, started);
                    LOG.info("Job {}: {} components read and versions stored in {} ms (reading waited {} ms for the writes), "
                                    + "usages and {} edges in {} ms, diff in {} ms", job.id(), writer.components(),
                            (read - started) / 1_000_000, writer.waitedMillis(), writer.edges(), (usages - read) / 1_000_000,
                            (System.nanoTime() - usages) / 1_000_000);
                }
            }
            if (cancelled.getAsBoolean()) {
                throw new IngestionCancelledException();
            }
            long evaluating = System.nanoTime();
            EvaluationSummary policy = evaluations.evaluateAndStore(tx, job.serviceId(), snapshotId);
            LOG.info("Job {}: policies evaluated in {} ms", job.id(), (System.nanoTime() - evaluating) / 1_000_000);
            result = result.withPolicy(policy, (System.nanoTime() - started) / 1_000_000);
            if (!jobs.complete(tx, job.id(), owner, snapshotId, write(result), OffsetDateTime.now(clock))) {
                throw new LeaseLostException();
            }
            // by the worker, for the uploader: the actor stored with the job; no request started this
            audit.record(tx, new Actor(job.submittedBy(), job.requestId()), "sbom.ingest", SbomUploadService.target(slug, job.id()),
                    null, null, result);
            return true;
        });
    }

    /**
     * Fails the job for good (it cannot be processed) and records that in the audit chain, for the
     * uploader; false when the job was no longer this worker's.
     */
    public boolean fail(ClaimedJob job, String owner, String error, OffsetDateTime now) {
        return db.inTransaction(tx -> {
            if (!jobs.fail(tx, job.id(), owner, error, now)) {
                return false;
            }
            String slug = services.find(tx, job.serviceId()).map(ServiceEntity::getSlug).orElse("?");
            audit.record(tx, new Actor(job.submittedBy(), job.requestId()), "sbom.ingest-failed", SbomUploadService.target(slug, job.id()),
                    error, null, null);
            return true;
        });
    }

    /** The job's lease went to another worker: this transaction must not commit. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("lease lost", null, false, false);
        }
    }

    /** The stored document could not be read again (the reader changed under a stored job). */
    static final class StoredDocumentException extends RuntimeException {
        StoredDocumentException(SbomException e) {
            super(e.getMessage(), e, false, false);
        }
    }

    private static SbomSummary read(SbomSource source, SbomFormat format, SnapshotIngestion writer) {
        try {
            return READER.read(source, format, writer);
        } catch (SbomException e) {
            throw new StoredDocumentException(e);
        }
    }

    private IngestionResult unchanged(Tx tx, UUID snapshotId, UUID previous, long started) {
        SbomSnapshotEntity stored = sboms.find(tx, snapshotId).orElseThrow();
        Map<String, Integer> relationships = sboms.relationshipCounts(tx, snapshotId);
        return new IngestionResult(snapshotId, previous, true, stored.getSpecVersion(), stored.getFormat(),
                stored.getComponentCount(), relationships.getOrDefault("direct", 0), relationships.getOrDefault("transitive", 0),
                relationships.getOrDefault("unknown", 0), stored.getEdgeCount(), stored.getSkippedCount(), 0, 0, 0,
                List.of(), List.of(), List.of(), false, (System.nanoTime() - started) / 1_000_000, null);
    }

    private IngestionResult changed(Tx tx, SnapshotRow snapshot, SbomSummary summary, SnapshotIngestion writer, int transitive,
                                    int unknown, long started) {
        int direct = writer.direct();
        int limit = IngestionResult.LIST_LIMIT;
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<IngestionResult.VersionChange> changed = new ArrayList<>();
        int[] totals = new int[3];
        if (snapshot.previousSnapshotId() == null) {
            totals[0] = writer.packageCount(); // the first snapshot: every package is added, and the writer counted them
            added.addAll(writer.firstPackagePurls());
        } else {
            sboms.diff(tx, snapshot.previousSnapshotId(), snapshot.id(), (purl, before, after) -> {
                if (before.isEmpty()) {
                    if (totals[0]++ < limit) {
                        added.add(purl);
                    }
                } else if (after.isEmpty()) {
                    if (totals[1]++ < limit) {
                        removed.add(purl);
                    }
                } else {
                    List<String> old = sorted(before);
                    List<String> now = sorted(after);
                    if (!old.equals(now) && totals[2]++ < limit) {
                        changed.add(new IngestionResult.VersionChange(purl, old, now));
                    }
                }
            });
        }
        boolean truncated = totals[0] > limit || totals[1] > limit || totals[2] > limit;
        return new IngestionResult(snapshot.id(), snapshot.previousSnapshotId(), false, summary.specVersion(),
                summary.format().name().toLowerCase(Locale.ROOT), snapshot.componentCount(), direct, transitive, unknown,
                snapshot.edgeCount(), summary.skippedWithoutPurl(), totals[0], totals[1], totals[2], added, removed, changed,
                truncated, (System.nanoTime() - started) / 1_000_000, null);
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
