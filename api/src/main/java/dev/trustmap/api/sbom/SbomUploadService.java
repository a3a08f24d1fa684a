package dev.trustmap.api.sbom;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.idempotency.IdempotencyService;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.NewJob;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.scanner.sbom.SbomHandler;
import dev.trustmap.scanner.sbom.SbomSource;
import dev.trustmap.scanner.sbom.SbomSummary;
import dev.trustmap.scanner.sbom.SbomException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomProblem;
import dev.trustmap.scanner.sbom.SbomReader;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts an SBOM upload: the document is fully parsed and checked first (a bad document is
 * refused before anything is written), then the job — with the raw document, so a restart can
 * finish it — and the idempotency record are written in one transaction, and the worker is told.
 */
public final class SbomUploadService {
    private static final String OPERATION = "sbom-upload";
    private static final Pattern LABEL = Pattern.compile("[\\p{Print}&&[^<>]]{1,200}");

    private final Database db;
    private final SbomReader reader;
    private final JobRepository jobs;
    private final ServiceCatalogService services;
    private final IdempotencyService idempotency;
    private final IngestionJob worker;
    private final AuditService audit;
    private final Clock clock;

    /** The job that holds the upload, and whether it was found through an earlier request's key. */
    public record Submission(UUID jobId, boolean replayed) {
    }

    public SbomUploadService(Database db, SbomReader reader, JobRepository jobs, ServiceCatalogService services,
                             IdempotencyService idempotency, IngestionJob worker, AuditService audit, Clock clock) {
        this.audit = audit;
        this.db = db;
        this.reader = reader;
        this.jobs = jobs;
        this.services = services;
        this.idempotency = idempotency;
        this.worker = worker;
        this.clock = clock;
    }

    /** What the audit chain records of an accepted upload (its after-state digest is of this). */
    record Accepted(UUID job, String service, String format, String label, String documentDigest, long bytes) {
    }

    /** The audit target of an upload and of its ingestion: {@code service:<slug>/sbom-job:<job id>}. */
    public static String target(String serviceSlug, UUID jobId) {
        return ServiceCatalogService.target(serviceSlug) + "/sbom-job:" + jobId;
    }

    public Submission submit(TrustmapPrincipal who, Actor actor, String serviceSlug, SbomFormat format, byte[] document, String label,
                             boolean autoCreate, String idempotencyKey) {
        return submit(who, actor, serviceSlug, format, document, label, autoCreate, idempotencyKey, null);
    }

    /** @param displayName the display name of a service this upload creates (a Dependency-Track project name), or null */
    public Submission submit(TrustmapPrincipal who, Actor actor, String serviceSlug, SbomFormat format, byte[] document, String label,
                             boolean autoCreate, String idempotencyKey, String displayName) {
        ServiceCatalogService.requireSlug(serviceSlug);
        if (label != null && !LABEL.matcher(label).matches()) {
            throw ProblemException.invalid("label", "must be 1–200 printable characters");
        }
        IdempotencyService.validate(idempotencyKey);
        if (!who.mayActFor(serviceSlug)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "This token may only upload SBOMs for " + who.scope());
        }
        SbomSummary parsed = parse(document, format);
        String requestHash = SbomReader.sha256((serviceSlug + "\n" + label + "\n" + format + "\n" + parsed.digest())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        UUID jobId = UUID.randomUUID();
        // a concurrent request that commits the same key or creates the same service first makes
        // the transaction run again (Database.inTransaction), and then it finds that request's job
        return enqueue(who, actor, serviceSlug, format, document, label, autoCreate, idempotencyKey, parsed, requestHash, jobId,
                displayName);
    }

    private Submission enqueue(TrustmapPrincipal who, Actor actor, String serviceSlug, SbomFormat format, byte[] document, String label,
                               boolean autoCreate, String idempotencyKey, SbomSummary parsed, String requestHash, UUID jobId,
                               String displayName) {
        Submission submission = db.inTransaction(tx -> {
            if (idempotencyKey != null) {
                Optional<UUID> earlier = idempotency.replay(tx, who.getName(), idempotencyKey, OPERATION, requestHash);
                if (earlier.isPresent()) {
                    return new Submission(earlier.get(), true);
                }
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            ServiceEntity service = services.findForUpload(tx, serviceSlug, autoCreate && who.hasRole(Roles.SCANNER), now, displayName);
            // findForUpload gives a service it created here the very time passed to it (a stored one is read back as another instance)
            boolean created = service.getCreatedAt() == now;
            String fmt = format.name().toLowerCase(java.util.Locale.ROOT);
            jobs.insert(tx, new NewJob(jobId, service.getId(), fmt, label, document, parsed.digest(), who.getName(), now,
                    actor.requestId()));
            if (idempotencyKey != null) {
                idempotency.remember(tx, who.getName(), idempotencyKey, OPERATION, requestHash, jobId, now);
            }
            if (created) {
                services.recordCreatedByUpload(tx, actor, service);
            }
            audit.record(tx, actor, "sbom.upload", target(serviceSlug, jobId), null, null,
                    new Accepted(jobId, serviceSlug, fmt, label, parsed.digest(), document.length));
            return new Submission(jobId, false);
        });
        if (!submission.replayed()) {
            worker.offer(jobId, document);
        }
        return submission;
    }

    /** Reads the whole document as a stream (both passes), keeping nothing: everything that can be wrong with it is found here. */
    private SbomSummary parse(byte[] document, SbomFormat format) {
        try {
            return reader.read(SbomSource.of(document), format, SbomHandler.NONE);
        } catch (SbomException e) {
            ProblemType type = switch (e.problem()) {
                case MALFORMED_JSON -> ProblemType.MALFORMED_JSON;
                case MALFORMED_XML -> ProblemType.MALFORMED_XML;
                case FORBIDDEN_XML_CONSTRUCT -> ProblemType.FORBIDDEN_XML;
                case NOT_CYCLONEDX -> ProblemType.NOT_CYCLONEDX;
                case UNSUPPORTED_SPEC_VERSION -> ProblemType.UNSUPPORTED_SPEC_VERSION;
                case INVALID_PURL -> ProblemType.INVALID_PURL;
                case INVALID_ENCODING -> ProblemType.INVALID_TEXT;
                case TOO_MANY_COMPONENTS -> ProblemType.TOO_MANY_COMPONENTS;
                case INVALID_STRUCTURE, EMPTY -> ProblemType.INVALID_SBOM;
            };
            throw new ProblemException(type, e.getMessage()
                    + (e.problem() == SbomProblem.TOO_MANY_COMPONENTS ? " (TRUSTMAP_UPLOAD_MAX_COMPONENTS)" : ""));
        }
    }
}
