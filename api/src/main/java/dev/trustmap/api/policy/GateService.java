package dev.trustmap.api.policy;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.policy.model.FindingView;
import dev.trustmap.api.policy.model.GateResponse;
import dev.trustmap.api.policy.model.PolicyBundle;
import dev.trustmap.api.policy.model.PolicyResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.sbom.JobService;
import dev.trustmap.api.sbom.SbomUploadService;
import dev.trustmap.api.sbom.model.JobResponse;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.policy.PolicyRow;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.policy.cel.EvaluationReport;
import dev.trustmap.policy.cel.PendingComponent;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.scanner.sbom.SbomFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The CI gate: stores the SBOM as the service's new snapshot (or takes a stored one), evaluates
 * the enabled policies on it and decides pass / warn / fail. Evidence still being collected is
 * reported as pending; with {@code pending=wait} the gate waits (up to a limit) for it first.
 */
public final class GateService {
    public static final int MAX_PENDING_WAIT_SECONDS = 600;

    private final Database db;
    private final ServiceRepository services;
    private final PolicyRepository policies;
    private final SbomRepository sboms;
    private final SbomUploadService uploads;
    private final JobService jobs;
    private final PolicyEvaluationService evaluations;
    private final PolicyCatalogService catalog;
    private final Clock clock;
    private final String defaultPendingMode;
    private final int defaultPendingWaitSeconds;
    private final int ingestWaitSeconds;

    public GateService(Database db, ServiceRepository services, PolicyRepository policies, SbomRepository sboms, SbomUploadService uploads, JobService jobs,
                       PolicyEvaluationService evaluations, PolicyCatalogService catalog, Clock clock, String defaultPendingMode,
                       int defaultPendingWaitSeconds, int ingestWaitSeconds) {
        this.db = db;
        this.services = services;
        this.policies = policies;
        this.sboms = sboms;
        this.uploads = uploads;
        this.jobs = jobs;
        this.evaluations = evaluations;
        this.catalog = catalog;
        this.clock = clock;
        this.defaultPendingMode = defaultPendingMode;
        this.defaultPendingWaitSeconds = defaultPendingWaitSeconds;
        this.ingestWaitSeconds = ingestWaitSeconds;
    }

    /** Options of one gate call; nulls take the configured defaults. */
    public record Options(String pendingMode, Integer pendingWaitSeconds, String label, boolean autoCreate, String idempotencyKey,
                          java.util.function.BooleanSupplier clientGone) {
    }

    /** Gate on a new SBOM: stored as the service's current snapshot, then evaluated. */
    public GateResponse gate(TrustmapPrincipal who, Actor actor, String service, SbomFormat format, byte[] document, Options options) {
        String mode = pendingMode(options.pendingMode());
        int waitSeconds = pendingWait(options.pendingWaitSeconds());
        SbomUploadService.Submission submission = uploads.submit(who, actor, service, format, document, options.label(), options.autoCreate(),
                options.idempotencyKey());
        JobResponse job = jobs.awaitAccepted(JobResponse.accepted(submission.jobId(), service, options.label(),
                format.name().toLowerCase(java.util.Locale.ROOT), document.length, who.getName()), Duration.ofSeconds(ingestWaitSeconds));
        if (!job.terminal()) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The SBOM was accepted (job " + job.id()
                    + ") but not processed within " + ingestWaitSeconds + " s; ask again with snapshot=current",
                    List.of(), Map.of("Retry-After", "5"));
        }
        if (!"completed".equals(job.state())) {
            throw new ProblemException(ProblemType.INVALID_SBOM, "The SBOM could not be processed: " + job.error());
        }
        return decide(service, job.result().snapshotId(), job.id(), mode, waitSeconds, options.clientGone());
    }

    /** Gate on a stored snapshot ({@code current} = the service's current one). */
    public GateResponse gate(TrustmapPrincipal who, String service, String snapshot, Options options) {
        if (!who.mayActFor(service)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This token may only act for " + who.scope());
        }
        UUID snapshotId = db.inTransaction(tx -> {
            ServiceEntity s = services.findBySlug(tx, service).orElseThrow(() -> ProblemException.notFound("No service " + service));
            if ("current".equals(snapshot)) {
                if (s.getCurrentSnapshotId() == null) {
                    throw ProblemException.notFound("Service " + service + " has no SBOM yet");
                }
                return s.getCurrentSnapshotId();
            }
            UUID id;
            try {
                id = UUID.fromString(snapshot);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("snapshot", "snapshot must be a snapshot id or 'current'");
            }
            return id;
        });
        return decide(service, snapshotId, null, pendingMode(options.pendingMode()), pendingWait(options.pendingWaitSeconds()),
                options.clientGone());
    }

    private GateResponse decide(String slug, UUID snapshotId, UUID jobId, String mode, int waitSeconds,
                                java.util.function.BooleanSupplier clientGone) {
        UUID serviceId = db.inTransaction(tx -> {
            ServiceEntity s = services.findBySlug(tx, slug).orElseThrow(() -> ProblemException.notFound("No service " + slug));
            if (sboms.find(tx, snapshotId).filter(snap -> snap.getServiceId().equals(s.getId())).isEmpty()) {
                throw ProblemException.notFound("No snapshot " + snapshotId + " of service " + slug);
            }
            return s.getId();
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        EvaluationReport report = evaluations.evaluate(serviceId, snapshotId, clientGone);
        while ("wait".equals(mode) && !report.pending().isEmpty() && System.nanoTime() < deadline && !clientGone.getAsBoolean()) {
            try {
                Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            report = evaluations.evaluate(serviceId, snapshotId, clientGone);
        }
        List<FindingView> violations = report.findings().stream().map(f -> PolicyEvaluationService.view(slug, f)).toList();
        List<GateResponse.Pending> pending = new ArrayList<>();
        for (PendingComponent p : report.pending()) {
            pending.add(new GateResponse.Pending(p.subject(), p.policies()));
        }
        return new GateResponse(report.decision().id(), slug, snapshotId, "/api/v1/services/" + slug + "/sboms/" + snapshotId, jobId, mode,
                PolicyEvaluationService.summary(report, OffsetDateTime.now(clock)), violations, pending);
    }

    /** The policy bundle for offline evaluation of a service by the CLI. */
    public PolicyBundle bundle(TrustmapPrincipal who, String slug) {
        if (!who.mayActFor(slug)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This token may only act for " + who.scope());
        }
        return db.inTransaction(tx -> {
            ServiceEntity s = services.findBySlug(tx, slug).orElseThrow(() -> ProblemException.notFound("No service " + slug));
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<PolicyResponse> enabled = policies.current(tx).stream().filter(PolicyRow::enabled).map(catalog::view).toList();
            List<PolicyBundle.ComponentEvidence> components = new ArrayList<>();
            PolicyEvaluationService.SnapshotContexts contexts = s.getCurrentSnapshotId() == null
                    ? new PolicyEvaluationService.SnapshotContexts(PolicyContextService.service(s), List.of(), List.of())
                    : evaluations.contexts(tx, s, s.getCurrentSnapshotId(), now);
            for (ComponentContext c : contexts.components()) {
                components.add(new PolicyBundle.ComponentEvidence(c.version().purl(), c.evidence(), c.scores(), c.events(), c.review()));
            }
            return new PolicyBundle(1, now, s.getCurrentSnapshotId() == null ? null : s.getCurrentSnapshotId().toString(),
                    PolicyContextService.service(s), enabled, components, contexts.dependencies());
        });
    }

    private String pendingMode(String requested) {
        String mode = requested == null ? defaultPendingMode : requested;
        if (!mode.equals("decide") && !mode.equals("wait")) {
            throw ProblemException.invalid("pending", "pending must be decide (on the evidence held) or wait");
        }
        return mode;
    }

    private int pendingWait(Integer requested) {
        int seconds = requested == null ? defaultPendingWaitSeconds : requested;
        if (seconds < 0 || seconds > MAX_PENDING_WAIT_SECONDS) {
            throw ProblemException.invalid("pendingWaitSeconds", "0–" + MAX_PENDING_WAIT_SECONDS);
        }
        return seconds;
    }
}
