package dev.trustmap.api.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.policy.model.DryRunResponse;
import dev.trustmap.api.policy.model.EvaluationSummary;
import dev.trustmap.api.policy.model.FindingView;
import dev.trustmap.api.policy.model.PolicyRequest;
import dev.trustmap.api.policy.model.ViolationsResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.policy.ComponentFactsRow;
import dev.trustmap.database.policy.EvaluationRow;
import dev.trustmap.database.policy.EventFactsRow;
import dev.trustmap.database.policy.FindingRow;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.provider.ProviderEntity;
import dev.trustmap.database.provider.ProviderRepository;
import dev.trustmap.database.review.ReviewRepository;
import dev.trustmap.database.review.ReviewRow;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.policy.cel.CompiledPolicy;
import dev.trustmap.policy.cel.Decision;
import dev.trustmap.policy.cel.Severity;
import dev.trustmap.policy.cel.EvaluationReport;
import dev.trustmap.policy.cel.Finding;
import dev.trustmap.policy.cel.PolicyDefinition;
import dev.trustmap.policy.cel.PolicyEvaluator;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import dev.trustmap.policy.cel.PolicyFacts.ServiceFacts;
import dev.trustmap.policy.cel.VersionedPolicy;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.policy.cel.EvaluationBudget;
import dev.trustmap.policy.cel.EvaluationBudgetException;
import java.util.stream.Collectors;

/**
 * Evaluates policies on snapshots: stored with every ingestion and again when policies, reviews,
 * contracts or evidence change; on demand for the gate and for a draft policy's dry run.
 */
public final class PolicyEvaluationService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PolicyEvaluationService.class);
    /** How far back trust events are given to policies. */
    public static final int EVENT_WINDOW_DAYS = 90;
    private static final int DRY_RUN_PAGE = 100;

    private final Database db;
    private final ServiceRepository services;
    private final PolicyRepository policies;
    private final ReviewRepository reviews;
    private final ContractRepository contracts;
    private final ProviderRepository providers;
    private final PolicyCatalogService catalog;
    private final PolicyContextService contexts;
    private final ObjectMapper json;
    private final Clock clock;
    private final TrustmapConfig.PolicySettings settings;
    /** Requests (dry runs, gates) evaluating at once in this process. */
    private final Semaphore requestPermits;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public PolicyEvaluationService(Database db, ServiceRepository services, PolicyRepository policies, ReviewRepository reviews,
                                   ContractRepository contracts, ProviderRepository providers, PolicyCatalogService catalog,
                                   PolicyContextService contexts, ObjectMapper json, Clock clock,
                                   TrustmapConfig.PolicySettings settings, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.requestPermits = new Semaphore(settings.concurrency(), true);
        this.db = db;
        this.services = services;
        this.policies = policies;
        this.reviews = reviews;
        this.contracts = contracts;
        this.providers = providers;
        this.catalog = catalog;
        this.contexts = contexts;
        this.json = json;
        this.clock = clock;
    }

    /** The contexts of one snapshot of a service, read in {@code tx}. */
    public record SnapshotContexts(ServiceFacts service, List<ComponentContext> components, List<DependencyContext> dependencies) {
    }

    public SnapshotContexts contexts(Tx tx, ServiceEntity service, UUID snapshotId, OffsetDateTime now) {
        return contexts(tx, service, snapshotId, policies.components(tx, snapshotId), now);
    }

    private SnapshotContexts contexts(Tx tx, ServiceEntity service, UUID snapshotId, List<ComponentFactsRow> rows, OffsetDateTime now) {
        ServiceFacts facts = PolicyContextService.service(service);
        List<ComponentContext> components = contexts.components(facts, rows,
                ids -> policies.evidenceDetails(tx, ids), policies.events(tx, snapshotId, now.minusDays(EVENT_WINDOW_DAYS)),
                reviews.forSnapshot(tx, snapshotId), now);
        return new SnapshotContexts(facts, components,
                PolicyContextService.dependencies(facts, contracts.current(tx, service.getId()), providersByName(tx)));
    }

    private Map<String, ProviderEntity> providersByName(Tx tx) {
        return providers.list(tx).stream().collect(Collectors.toMap(ProviderEntity::getName, Function.identity(), (a, b) -> a));
    }

    /** Components evaluated per page: the contexts of one page are all that is held at a time. */
    static final int PAGE = 1_000;

    /**
     * Evaluates the enabled policies on a snapshot and replaces its stored evaluation, a page of
     * components at a time (findings are written as they are found), so memory does not grow with
     * the snapshot. The caller's transaction holds the service's lock (ingestion, or the
     * re-evaluation job).
     */
    public EvaluationSummary evaluateAndStore(Tx tx, UUID serviceId, UUID snapshotId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ServiceEntity service = services.find(tx, serviceId).orElseThrow();
        ServiceFacts facts = PolicyContextService.service(service);
        List<VersionedPolicy> enabled = catalog.enabled(tx);
        policies.clearEvaluation(tx, snapshotId);
        policies.insertEvaluation(tx, new EvaluationRow(snapshotId, serviceId, now, Decision.PASS.id(), enabled.size(), 0, 0, 0, 0, 0, 0));
        Decision[] decision = {Decision.PASS};
        long[] totals = new long[6]; // components, dependencies, evaluations, violations, errors, pending
        try {
            evaluatePaged(tx, service, snapshotId, enabled, snapshotBudget(), now, report -> {
                storeFindings(tx, snapshotId, report);
                decision[0] = worse(decision[0], report.decision());
                totals[0] += report.components();
                totals[1] += report.dependencies();
                totals[2] += report.evaluations();
                totals[3] += report.violations();
                totals[4] += report.errors();
                totals[5] += report.pending().size();
            });
        } catch (EvaluationBudgetException e) {
            stopped(e);
            if (e.kind() == EvaluationBudgetException.Kind.CANCELLED) {
                throw e; // the thread was interrupted: the caller's transaction is abandoned, nothing is decided
            }
            // what was found so far stays; the snapshot fails until an evaluation completes
            String message = "Policy evaluation of this snapshot was stopped after " + e.evaluations() + " evaluations in "
                    + e.elapsed().toMillis() + " ms: " + e.getMessage() + "; the decision is fail until an evaluation completes";
            LOG.warn("Service {}, snapshot {}: {}", service.getSlug(), snapshotId, message);
            policies.insertFindings(tx, List.of(new FindingRow(UUID.randomUUID(), snapshotId, BUDGET_FINDING, 0, Severity.FAIL.id(),
                    "error", "snapshot", snapshotId.toString(), message, write(Map.of("description",
                    "Every snapshot's evaluation has a budget so that no policy can hold the portal", "expression", "",
                    "basis", Map.of("evaluations", e.evaluations(), "elapsedMillis", e.elapsed().toMillis()))))));
            decision[0] = Decision.FAIL;
            totals[4] += 1;
        }
        EvaluationSummary summary = new EvaluationSummary(decision[0].id(), now, enabled.size(), (int) totals[0], (int) totals[1],
                totals[2], totals[3], totals[4], (int) totals[5]);
        policies.updateEvaluation(tx, new EvaluationRow(snapshotId, serviceId, now, decision[0].id(), enabled.size(), (int) totals[0],
                (int) totals[1], (int) totals[2], (int) totals[3], (int) totals[4], (int) totals[5]));
        return summary;
    }

    /**
     * Evaluates {@code enabled} on a snapshot (null: none, only the service's contracts) a page of
     * components at a time, spending {@code budget}; each page's report goes to {@code sink}, the
     * contracts' report last. Only one page of contexts is held at a time.
     */
    private void evaluatePaged(Tx tx, ServiceEntity service, UUID snapshotId, List<VersionedPolicy> enabled, EvaluationBudget budget,
                               OffsetDateTime now, Consumer<EvaluationReport> sink) {
        ServiceFacts facts = PolicyContextService.service(service);
        if (snapshotId != null) {
            List<EventFactsRow> events = policies.events(tx, snapshotId, now.minusDays(EVENT_WINDOW_DAYS));
            List<ReviewRow> snapshotReviews = reviews.forSnapshot(tx, snapshotId);
            policies.forEachComponentPage(tx, snapshotId, PAGE, page -> {
                List<ComponentContext> contexts = this.contexts.components(facts, page, ids -> policies.evidenceDetails(tx, ids),
                        events, snapshotReviews, now);
                sink.accept(PolicyEvaluator.evaluate(enabled, contexts, List.of(), budget));
            });
        }
        List<DependencyContext> dependencies = PolicyContextService.dependencies(facts, contracts.current(tx, service.getId()),
                providersByName(tx));
        sink.accept(PolicyEvaluator.evaluate(enabled, List.of(), dependencies, budget));
    }

    /** Counts an evaluation stopped early: {@code trustmap_policy_evaluations_stopped_total{reason}}. */
    private void stopped(EvaluationBudgetException e) {
        metrics.counter("trustmap_policy_evaluations_stopped", "reason", e.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /** The policy name of the finding that says a snapshot's evaluation ran out of budget (no policy can be named so). */
    public static final String BUDGET_FINDING = "trustmap:evaluation-budget";

    /** The budget of one stored evaluation (ingestion, re-evaluation): TRUSTMAP_POLICY_SNAPSHOT_SECONDS / _EVALUATIONS. */
    private EvaluationBudget snapshotBudget() {
        return EvaluationBudget.of(java.time.Duration.ofSeconds(settings.snapshotSeconds()), settings.snapshotEvaluations(),
                () -> Thread.currentThread().isInterrupted(), "TRUSTMAP_POLICY_SNAPSHOT_SECONDS", "TRUSTMAP_POLICY_SNAPSHOT_EVALUATIONS");
    }

    /**
     * A request's budget (TRUSTMAP_POLICY_REQUEST_SECONDS / _EVALUATIONS), cancelled when its
     * client goes away.
     */
    private EvaluationBudget requestBudget(BooleanSupplier clientGone) {
        return EvaluationBudget.of(java.time.Duration.ofSeconds(settings.requestSeconds()), settings.requestEvaluations(),
                () -> clientGone.getAsBoolean() || Thread.currentThread().isInterrupted(),
                "TRUSTMAP_POLICY_REQUEST_SECONDS", "TRUSTMAP_POLICY_REQUEST_EVALUATIONS");
    }

    /**
     * Runs a request's evaluation with one of the process's permits (so hostile or huge evaluations
     * never take every thread), and turns a spent budget into a clear refusal.
     */
    private <T> T asRequest(String what, Supplier<T> evaluation) {
        boolean permitted;
        try {
            permitted = requestPermits.tryAcquire(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permitted = false;
        }
        if (!permitted) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The portal is already evaluating policies for "
                    + settings.concurrency() + " request(s) (TRUSTMAP_POLICY_CONCURRENCY); try again shortly", List.of(),
                    Map.of("Retry-After", "5"));
        }
        try {
            return evaluation.get();
        } catch (EvaluationBudgetException e) {
            stopped(e);
            if (e.kind() == EvaluationBudgetException.Kind.CANCELLED) {
                LOG.info("The {} was cancelled after {} evaluations in {} ms: its client went away", what, e.evaluations(),
                        e.elapsed().toMillis());
            }
            throw new ProblemException(ProblemType.EVALUATION_BUDGET, "The " + what + " was stopped after " + e.evaluations()
                    + " evaluations in " + e.elapsed().toMillis() + " ms: " + e.getMessage() + "; nothing was decided");
        } finally {
            requestPermits.release();
        }
    }

    private void storeFindings(Tx tx, UUID snapshotId, EvaluationReport report) {
        List<FindingRow> rows = new ArrayList<>(report.findings().size());
        for (Finding f : report.findings()) {
            rows.add(new FindingRow(UUID.randomUUID(), snapshotId, f.policy(), f.policyVersion(), f.severity().id(), f.outcome(),
                    f.subjectKind(), f.subject(), f.message(), write(Map.of("description", f.description(),
                    "expression", f.expression(), "basis", f.basis()))));
        }
        policies.insertFindings(tx, rows);
    }

    private static Decision worse(Decision a, Decision b) {
        return a.atLeast(b) ? a : b;
    }

    /** Evaluates without storing (the gate), within a request's budget. */
    public EvaluationReport evaluate(UUID serviceId, UUID snapshotId, BooleanSupplier clientGone) {
        return asRequest("gate evaluation", () -> db.inTransaction(tx -> {
            ServiceEntity service = services.find(tx, serviceId).orElseThrow();
            List<EvaluationReport> reports = new ArrayList<>();
            EvaluationBudget budget = requestBudget(clientGone);
            evaluatePaged(tx, service, snapshotId, catalog.enabled(tx), budget, OffsetDateTime.now(clock), reports::add);
            return PolicyEvaluator.merge(reports);
        }));
    }

    /** The stored evaluation of a service's current snapshot. */
    public ViolationsResponse violations(String slug) {
        return db.inTransaction(tx -> {
            ServiceEntity service = services.findBySlug(tx, slug).orElseThrow(() -> ProblemException.notFound("No service " + slug));
            UUID snapshot = service.getCurrentSnapshotId();
            if (snapshot == null) {
                return new ViolationsResponse(slug, null, null, List.of());
            }
            EvaluationRow row = policies.evaluation(tx, snapshot).orElse(null);
            if (row == null) {
                return new ViolationsResponse(slug, snapshot, null, List.of());
            }
            List<FindingView> findings = new ArrayList<>();
            for (FindingRow f : policies.findings(tx, snapshot)) {
                Map<String, Object> stored = read(f.basis());
                @SuppressWarnings("unchecked")
                Map<String, Object> basis = stored.get("basis") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                findings.add(new FindingView(slug, f.policyName(), f.policyVersion(), f.severity(), f.outcome(), f.subjectKind(), f.subject(),
                        f.message(), new FindingView.Explanation(String.valueOf(stored.getOrDefault("description", "")),
                        String.valueOf(stored.getOrDefault("expression", "")), basis)));
            }
            findings.sort(java.util.Comparator.comparing((FindingView f) -> severityRank(f.severity())).reversed()
                    .thenComparing(FindingView::policy).thenComparing(FindingView::subject));
            return new ViolationsResponse(slug, snapshot, new EvaluationSummary(row.decision(), row.evaluatedAt(), row.policies(),
                    row.components(), row.dependencies(), row.evaluations(), row.violations(), row.errors(), row.pending()), findings);
        });
    }

    /** Evaluates a draft policy on every service's current snapshot and contracts; nothing is saved. */
    public DryRunResponse dryRun(PolicyRequest request, int limit, BooleanSupplier clientGone) {
        return asRequest("dry run", () -> dryRunWithinBudget(request, limit, clientGone));
    }

    private DryRunResponse dryRunWithinBudget(PolicyRequest request, int limit, BooleanSupplier clientGone) {
        long started = System.nanoTime();
        EvaluationBudget budget = requestBudget(clientGone);
        PolicyDefinition definition = catalog.validate(request.name() == null ? "draft" : request.name(), request, null);
        CompiledPolicy compiled = catalog.compile(definition);
        List<VersionedPolicy> draft = List.of(new VersionedPolicy(compiled, 0));
        List<FindingView> findings = new ArrayList<>();
        List<DryRunResponse.ServiceFindings> byService = new ArrayList<>();
        // components, dependencies, evaluations, violations, errors, pending: whole counts; findings only up to the limit
        long[] totals = new long[6];
        int servicesSeen = 0;
        for (int offset = 0; ; offset += DRY_RUN_PAGE) {
            int from = offset;
            List<ServiceEntity> page = db.inTransaction(tx -> services.list(tx, from, DRY_RUN_PAGE));
            for (ServiceEntity service : page) {
                long[] own = new long[4]; // components, violations, errors, pending of this service
                List<FindingView> listed = new ArrayList<>();
                boolean seen = db.inTransaction(tx -> {
                    ServiceEntity fresh = services.find(tx, service.getId()).orElse(null);
                    if (fresh == null) {
                        return false;
                    }
                    evaluatePaged(tx, fresh, fresh.getCurrentSnapshotId(), draft, budget, OffsetDateTime.now(clock), r -> {
                        totals[0] += r.components();
                        totals[1] += r.dependencies();
                        totals[2] += r.evaluations();
                        totals[3] += r.violations();
                        totals[4] += r.errors();
                        totals[5] += r.pending().size();
                        own[0] += r.components();
                        own[1] += r.violations();
                        own[2] += r.errors();
                        own[3] += r.pending().size();
                        for (Finding f : r.findings()) {
                            if (findings.size() < limit) {
                                FindingView view = view(fresh.getSlug(), f);
                                findings.add(view);
                                listed.add(view);
                            }
                        }
                    });
                    return true;
                });
                if (seen) {
                    servicesSeen++;
                    if (own[1] + own[2] > 0) {
                        byService.add(new DryRunResponse.ServiceFindings(service.getSlug(), (int) own[0], own[1], own[2], own[3],
                                listed, own[1] + own[2] > listed.size()));
                    }
                }
            }
            if (page.size() < DRY_RUN_PAGE) {
                break;
            }
        }
        int components = (int) totals[0];
        int dependencies = (int) totals[1];
        long evaluations = totals[2];
        long violations = totals[3];
        long errors = totals[4];
        long pending = totals[5];
        return new DryRunResponse(catalog.draftView(definition, compiled), servicesSeen, components, dependencies, evaluations,
                violations, errors, pending, findings, byService, violations + errors > findings.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public static FindingView view(String service, Finding f) {
        return new FindingView(service, f.policy(), f.policyVersion(), f.severity().id(), f.outcome(), f.subjectKind(), f.subject(), f.message(),
                new FindingView.Explanation(f.description(), f.expression(), f.basis()));
    }

    public static EvaluationSummary summary(EvaluationReport r, OffsetDateTime at) {
        return new EvaluationSummary(r.decision().id(), at, r.policies(), r.components(), r.dependencies(), r.evaluations(),
                r.violations(), r.errors(), r.pending().size());
    }

    private static int severityRank(String severity) {
        return switch (severity) {
            case "fail" -> 2;
            case "warn" -> 1;
            default -> 0;
        };
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
