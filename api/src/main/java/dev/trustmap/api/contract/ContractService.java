package dev.trustmap.api.contract;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.service.ServiceCatalogService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.contract.model.ContractResponse;
import dev.trustmap.api.contract.model.ContractWriteResponse;
import dev.trustmap.api.contract.model.Warning;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.database.contract.ContractEntity;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.provider.ProviderEntity;
import dev.trustmap.database.provider.ProviderRepository;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.scanner.sbom.SbomReader;
import dev.trustmap.scanner.topology.DependencySpec;
import dev.trustmap.scanner.topology.LintFinding;
import dev.trustmap.scanner.topology.ServiceTopology;
import dev.trustmap.scanner.topology.TopologyError;
import dev.trustmap.scanner.topology.TopologyException;
import dev.trustmap.scanner.topology.TopologyLinter;
import dev.trustmap.scanner.topology.TopologyParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Dependency contracts: validated with the same parser and linter as topology files, versioned
 * (every change adds a version and keeps the previous ones), and announced to the incident graph.
 * A write that changes nothing adds no version.
 */
public final class ContractService {
    /** The fields that make up a contract's content, in a fixed order (for hashing and diffs). */
    static final Map<String, Function<DependencySpec, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("service", DependencySpec::service);
        FIELDS.put("provider", DependencySpec::provider);
        FIELDS.put("capability", DependencySpec::capability);
        FIELDS.put("mode", DependencySpec::mode);
        FIELDS.put("criticality", DependencySpec::criticality);
        FIELDS.put("cross_region", DependencySpec::crossRegion);
        FIELDS.put("ordering_guarantee", DependencySpec::orderingGuarantee);
        FIELDS.put("delivery", DependencySpec::delivery);
        FIELDS.put("idempotency", DependencySpec::idempotency);
        FIELDS.put("timeout_ms", DependencySpec::timeoutMs);
        FIELDS.put("retry_owner", DependencySpec::retryOwner);
        FIELDS.put("throughput_normal", DependencySpec::throughputNormal);
        FIELDS.put("throughput_degraded", DependencySpec::throughputDegraded);
        FIELDS.put("quota", s -> s.quota() == null || s.quota().isEmpty() ? null : new TreeMap<>(s.quota()));
        FIELDS.put("degraded_behavior", DependencySpec::degradedBehavior);
        FIELDS.put("fallback", DependencySpec::fallback);
        FIELDS.put("user_impact", DependencySpec::userImpact);
        FIELDS.put("runbook", DependencySpec::runbook);
    }

    private final Database db;
    private final ServiceRepository services;
    private final ProviderRepository providers;
    private final ContractRepository contracts;
    private final TopologyParser parser;
    private final TopologyLinter linter;
    private final IncidentGraphJob graph;
    private final ObjectMapper json;
    private final AuditService audit;
    private final Clock clock;

    public ContractService(Database db, ServiceRepository services, ProviderRepository providers, ContractRepository contracts,
                           TopologyParser parser, TopologyLinter linter, IncidentGraphJob graph, ObjectMapper json, AuditService audit,
                           Clock clock) {
        this.db = db;
        this.audit = audit;
        this.services = services;
        this.providers = providers;
        this.contracts = contracts;
        this.parser = parser;
        this.linter = linter;
        this.graph = graph;
        this.json = json;
        this.clock = clock;
    }

    /** The audit target of a contract: {@code service:<slug>/contract:<name>}. */
    static String target(String serviceSlug, String name) {
        return ServiceCatalogService.target(serviceSlug) + "/contract:" + name;
    }

    public ContractWriteResponse put(TrustmapPrincipal who, Actor actor, String serviceSlug, String name, byte[] body) {
        ServiceCatalogService.requireSlug(serviceSlug);
        requireName(name);
        requireMayWrite(who, serviceSlug);
        DependencySpec parsed;
        try {
            parsed = parser.parseDependency("request body", body, serviceSlug);
        } catch (TopologyException e) {
            throw invalid(e);
        }
        if (parsed.name() != null && !parsed.name().equals(name)) {
            throw ProblemException.invalid("name", "the body names '" + parsed.name() + "' but the URL names '" + name + "'");
        }
        record Written(ContractEntity entity, boolean changed, ServiceEntity service) {
        }
        Written written = db.inTransaction(tx -> {
            ServiceEntity service = service(tx, serviceSlug);
            DependencySpec spec = withDefaults(parsed, name, service.getTier());
            ContractEntity current = contracts.current(tx, service.getId(), name).orElse(null);
            if (current != null && !current.isRemoved() && current.getContentHash().equals(hash(spec))) {
                return new Written(current, false, service);
            }
            ensureProvider(tx, spec, OffsetDateTime.now(clock), false);
            ContractEntity next = newVersion(tx, service, current, spec, "api", who.getName());
            contracts.markChanged(tx);
            audit.record(tx, actor, "contract.put", target(serviceSlug, name), null,
                    current == null || current.isRemoved() ? null : view(current, serviceSlug), view(next, serviceSlug));
            return new Written(next, true, service);
        });
        if (written.changed()) {
            graph.changed();
        }
        ServiceTopology asDeclared = new ServiceTopology(serviceSlug, written.service().getOwnerTeam(), null,
                written.service().getTier(), regions(written.service()), List.of(spec(written.entity())), null);
        return new ContractWriteResponse(view(written.entity(), serviceSlug), written.changed(), warnings(linter.lint(asDeclared)));
    }

    public List<ContractResponse> list(String serviceSlug, boolean includeRemoved) {
        ServiceCatalogService.requireSlug(serviceSlug);
        return db.inTransaction(tx -> contracts.current(tx, service(tx, serviceSlug).getId()).stream()
                .filter(c -> includeRemoved || !c.isRemoved()).map(c -> view(c, serviceSlug)).toList());
    }

    public ContractResponse get(String serviceSlug, String name) {
        ServiceCatalogService.requireSlug(serviceSlug);
        requireName(name);
        return db.inTransaction(tx -> contracts.current(tx, service(tx, serviceSlug).getId(), name)
                .filter(c -> !c.isRemoved()).map(c -> view(c, serviceSlug))
                .orElseThrow(() -> ProblemException.notFound("Service '" + serviceSlug + "' has no contract '" + name + "'")));
    }

    public List<ContractResponse> history(String serviceSlug, String name) {
        ServiceCatalogService.requireSlug(serviceSlug);
        requireName(name);
        List<ContractResponse> history = db.inTransaction(tx ->
                contracts.history(tx, service(tx, serviceSlug).getId(), name).stream().map(c -> view(c, serviceSlug)).toList());
        if (history.isEmpty()) {
            throw ProblemException.notFound("Service '" + serviceSlug + "' has no contract '" + name + "'");
        }
        return history;
    }

    /** Removes a contract: a new version marked removed (its history stays). */
    public ContractResponse remove(TrustmapPrincipal who, Actor actor, String serviceSlug, String name) {
        ServiceCatalogService.requireSlug(serviceSlug);
        requireName(name);
        requireMayWrite(who, serviceSlug);
        ContractResponse removed = db.inTransaction(tx -> {
            ServiceEntity service = service(tx, serviceSlug);
            ContractEntity current = contracts.current(tx, service.getId(), name).filter(c -> !c.isRemoved())
                    .orElseThrow(() -> ProblemException.notFound("Service '" + serviceSlug + "' has no contract '" + name + "'"));
            ContractEntity tombstone = removeVersion(tx, service, current, "api", who.getName());
            contracts.markChanged(tx);
            ContractResponse removedView = view(tombstone, serviceSlug);
            audit.record(tx, actor, "contract.remove", target(serviceSlug, name), null, view(current, serviceSlug), null);
            return removedView;
        });
        graph.changed();
        return removed;
    }

    // ---- shared with topology import ----

    ContractEntity newVersion(Tx tx, ServiceEntity service, ContractEntity previous, DependencySpec spec, String source,
                              String who) {
        return newVersion(tx, service, previous, spec, source, who, false);
    }

    private ContractEntity newVersion(Tx tx, ServiceEntity service, ContractEntity previous, DependencySpec spec, String source,
                                      String who, boolean removed) {
        ContractEntity next = new ContractEntity(UUID.randomUUID(), service.getId(), spec.name(),
                previous == null ? 1 : previous.getVersion() + 1, hash(spec), source, who, OffsetDateTime.now(clock));
        next.setTargetService(spec.service());
        next.setProvider(spec.provider());
        next.setCapability(spec.capability());
        next.setMode(spec.mode());
        next.setCriticality(spec.criticality());
        next.setCrossRegion(spec.crossRegion());
        next.setOrderingGuarantee(spec.orderingGuarantee());
        next.setDelivery(spec.delivery());
        next.setIdempotency(spec.idempotency());
        next.setTimeoutMs(spec.timeoutMs());
        next.setRetryOwner(spec.retryOwner());
        next.setThroughputNormal(spec.throughputNormal());
        next.setThroughputDegraded(spec.throughputDegraded());
        next.setQuota(spec.quota() == null || spec.quota().isEmpty() ? null : write(new TreeMap<>(spec.quota())));
        next.setDegradedBehavior(spec.degradedBehavior());
        next.setFallback(spec.fallback());
        next.setUserImpact(spec.userImpact());
        next.setRunbook(spec.runbook());
        next.setRemoved(removed);
        contracts.addVersion(tx, previous, next);
        return next;
    }

    ContractEntity removeVersion(Tx tx, ServiceEntity service, ContractEntity current, String source, String who) {
        return newVersion(tx, service, current, spec(current), source, who, true);
    }

    /** Registers a provider the contract names if it is unknown, and the capability it uses. Returns true if created. */
    boolean ensureProvider(Tx tx, DependencySpec spec, OffsetDateTime now, boolean dryRun) {
        if (spec.provider() == null) {
            return false;
        }
        ProviderEntity provider = providers.findByName(tx, spec.provider()).orElse(null);
        if (dryRun) {
            return provider == null;
        }
        boolean created = provider == null;
        if (created) {
            provider = new ProviderEntity(UUID.randomUUID(), spec.provider(), now);
            providers.create(tx, provider);
        }
        if (spec.capability() != null) {
            TreeSet<String> capabilities = new TreeSet<>(split(provider.getCapabilities()));
            if (capabilities.add(spec.capability())) {
                provider.setCapabilities(String.join(",", capabilities));
                provider.setUpdatedAt(now);
            }
        }
        return created;
    }

    static DependencySpec withDefaults(DependencySpec s, String name, String tier) {
        return new DependencySpec(name, s.service(), s.provider(), s.capability(), s.mode() == null ? "sync" : s.mode(),
                s.criticality() == null ? tier : s.criticality(), s.crossRegion(), s.orderingGuarantee(), s.delivery(),
                s.idempotency(), s.timeoutMs(), s.retryOwner(), s.throughputNormal(), s.throughputDegraded(),
                s.quota() == null ? Map.of() : s.quota(), s.degradedBehavior(), s.fallback(), s.userImpact(), s.runbook(),
                s.position());
    }

    /** The names of the fields that differ between a stored version and a declaration. */
    static List<String> changedFields(ContractEntity current, DependencySpec next) {
        DependencySpec stored = spec(current);
        List<String> changed = new ArrayList<>();
        FIELDS.forEach((field, getter) -> {
            if (!Objects.equals(getter.apply(stored), getter.apply(next))) {
                changed.add(field);
            }
        });
        return changed;
    }

    static String hash(DependencySpec spec) {
        StringBuilder canonical = new StringBuilder();
        FIELDS.forEach((field, getter) -> canonical.append(field).append('=').append(getter.apply(spec)).append('\u0000'));
        return SbomReader.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    static DependencySpec spec(ContractEntity c) {
        Map<String, String> quota = Map.of();
        if (c.getQuota() != null) {
            try {
                quota = new ObjectMapper().readValue(c.getQuota(), new TypeReference<Map<String, String>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored quota of contract " + c.getId() + " is unreadable", e);
            }
        }
        return new DependencySpec(c.getName(), c.getTargetService(), c.getProvider(), c.getCapability(), c.getMode(),
                c.getCriticality(), c.getCrossRegion(), c.getOrderingGuarantee(), c.getDelivery(), c.getIdempotency(),
                c.getTimeoutMs(), c.getRetryOwner(), c.getThroughputNormal(), c.getThroughputDegraded(), quota,
                c.getDegradedBehavior(), c.getFallback(), c.getUserImpact(), c.getRunbook(), null);
    }

    static ContractResponse view(ContractEntity c, String serviceSlug) {
        DependencySpec s = spec(c);
        return new ContractResponse(serviceSlug, c.getName(), c.getVersion(), c.isCurrent(), c.isRemoved(),
                s.service(), s.provider(), s.capability(), s.mode(), s.criticality(), s.crossRegion(), s.orderingGuarantee(),
                s.delivery(), s.idempotency(), s.timeoutMs(), s.retryOwner(), s.throughputNormal(), s.throughputDegraded(),
                s.quota().isEmpty() ? null : s.quota(), s.degradedBehavior(), s.fallback(), s.userImpact(), s.runbook(),
                c.getChangeSource(), c.getChangedBy(), c.getChangedAt());
    }

    static List<Warning> warnings(List<LintFinding> findings) {
        return findings.stream().map(f -> new Warning(f.service(), f.dependency(), f.rule(), f.message())).toList();
    }

    static ProblemException invalid(TopologyException e) {
        List<ProblemException.FieldError> errors = e.errors().stream()
                .map(err -> new ProblemException.FieldError(err.field(), err.message() + " (line " + err.line() + ", column " + err.column() + ")"))
                .toList();
        TopologyError first = e.errors().get(0);
        // well-formed but contradicting itself (a service depending on itself): 422; anything malformed: 400
        ProblemType type = e.errors().stream().allMatch(TopologyError::semantic) ? ProblemType.INVALID_TOPOLOGY : ProblemType.VALIDATION;
        return new ProblemException(type, e.errors().size() + " error(s); first: " + first, errors, Map.of());
    }

    static void requireMayWrite(TrustmapPrincipal who, String serviceSlug) {
        if (!who.mayActFor(serviceSlug)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This token may only change " + who.scope());
        }
    }

    private ServiceEntity service(Tx tx, String slug) {
        return services.findBySlug(tx, slug).orElseThrow(() -> ProblemException.notFound("No service named '" + slug + "'"));
    }

    static List<String> regions(ServiceEntity service) {
        return split(service.getRegions());
    }

    static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).toList();
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw ProblemException.invalid("name", "a contract name is 1–100 characters of a-z, 0-9 and '-'");
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
