package dev.trustmap.api.policy;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.policy.model.PolicyRequest;
import dev.trustmap.api.policy.model.PolicyResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.policy.PolicyRow;
import dev.trustmap.policy.cel.CompiledPolicy;
import dev.trustmap.policy.cel.DefaultPolicies;
import dev.trustmap.policy.cel.PolicyCompileException;
import dev.trustmap.policy.cel.PolicyDefinition;
import dev.trustmap.policy.cel.PolicyEngine;
import dev.trustmap.policy.cel.PolicyIssue;
import dev.trustmap.policy.cel.PolicyScope;
import dev.trustmap.policy.cel.PolicyTarget;
import dev.trustmap.policy.cel.Severity;
import dev.trustmap.policy.cel.VersionedPolicy;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Policies: validation (compiled on every write), versioned writes, enable/disable, the default
 * rule pack on a new installation, and the compiled set of enabled policies (compiled once per
 * version and shared).
 */
public final class PolicyCatalogService {
    private final Database db;
    private final PolicyRepository policies;
    private final Supplier<PolicyEngine> engineFactory;
    private final CompletableFuture<PolicyEngine> engine = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean engineStarted = new java.util.concurrent.atomic.AtomicBoolean();
    private final ObjectMapper json;
    private final AuditService audit;
    private final Clock clock;
    private final Map<String, VersionedPolicy> compiled = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> { };

    /**
     * @param engine creates the policy engine (loading CEL's classes takes a while): on first use, or
     *               on the background thread of {@link #warmUp()}
     */
    public PolicyCatalogService(Database db, PolicyRepository policies, Supplier<PolicyEngine> engine, ObjectMapper json,
                                AuditService audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.policies = policies;
        this.engineFactory = engine;
        this.json = json;
        this.clock = clock;
    }

    /** Called after every committed policy change (wakes the re-evaluation job). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Installs the default rule pack if there are no policies at all (a new installation); safe with several processes. */
    public int installDefaults() {
        return db.inTransaction(tx -> {
            policies.lockInputs(tx);
            if (policies.count(tx) > 0) {
                return 0;
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<PolicyResponse> installed = new java.util.ArrayList<>();
            for (PolicyDefinition d : DefaultPolicies.all()) {
                PolicyRow row = row(UUID.randomUUID(), d, 1, true, true, "trustmap", now);
                policies.insert(tx, row, now);
                installed.add(view(row));
            }
            policies.markInputsChanged(tx, now);
            // one entry for the pack, by the system: the first start of a new installation
            audit.record(tx, Actor.SYSTEM, "policy.install-defaults", "policy-pack:default", null, null, installed);
            return DefaultPolicies.all().size();
        });
    }

    /** Compiles the enabled policies in the background, so the first evaluation does not pay for it. */
    public void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                engine();
                db.inTransaction(this::enabled);
            } catch (RuntimeException e) {
                // compiled on first use instead (the database may not be reachable yet)
            }
        }, "policy-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private PolicyEngine engine() {
        if (engineStarted.compareAndSet(false, true)) {
            try {
                engine.complete(engineFactory.get());
            } catch (RuntimeException | Error e) {
                engine.completeExceptionally(e);
            }
        }
        return engine.join();
    }

    public List<PolicyResponse> list() {
        return db.inTransaction(tx -> policies.current(tx).stream().map(this::view).toList());
    }

    public PolicyResponse get(String name) {
        return db.inTransaction(tx -> policies.current(tx, name).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("No policy named " + name)));
    }

    public List<PolicyResponse> history(String name) {
        return db.inTransaction(tx -> {
            List<PolicyRow> rows = policies.history(tx, name);
            if (rows.isEmpty()) {
                throw ProblemException.notFound("No policy named " + name);
            }
            return rows.stream().map(this::view).toList();
        });
    }

    /** Creates a policy; {@code 409} if the name is taken. */
    public PolicyResponse create(TrustmapPrincipal who, Actor actor, PolicyRequest request) {
        PolicyDefinition definition = validate(request.name(), request, null);
        PolicyResponse created = db.inTransaction(tx -> {
            policies.lockInputs(tx);
            if (policies.current(tx, definition.name()).isPresent()) {
                throw new ProblemException(ProblemType.CONFLICT, "A policy named " + definition.name()
                        + " exists; change it with PUT /api/v1/policies/" + definition.name());
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            PolicyRow row = row(UUID.randomUUID(), definition, 1, request.enabled() == null || request.enabled(), false, who.getName(), now);
            policies.insert(tx, row, now);
            policies.markInputsChanged(tx, now);
            PolicyResponse response = view(row);
            audit.record(tx, actor, "policy.create", target(row.name()), null, null, response);
            return response;
        });
        onChange.run();
        return created;
    }

    /** Creates or updates a policy: a change adds a version; the same content adds nothing. */
    public PolicyResponse.Write put(TrustmapPrincipal who, Actor actor, String name, PolicyRequest request) {
        return put(who, actor, name, request, "policy.update");
    }

    /** The audit target of a policy: {@code policy:<name>}. */
    static String target(String name) {
        return "policy:" + name;
    }

    private PolicyResponse.Write put(TrustmapPrincipal who, Actor actor, String name, PolicyRequest request, String action) {
        if (request.name() != null && !request.name().equals(name)) {
            throw ProblemException.invalid("name", "the body names " + request.name() + " but the path names " + name);
        }
        PolicyResponse.Write write = db.inTransaction(tx -> {
            policies.lockInputs(tx);
            PolicyRow current = policies.lock(tx, name).orElse(null);
            PolicyDefinition definition = validate(name, request, current);
            boolean enabled = request.enabled() != null ? request.enabled() : current == null || current.enabled();
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (current == null) {
                PolicyRow row = row(UUID.randomUUID(), definition, 1, enabled, false, who.getName(), now);
                policies.insert(tx, row, now);
                policies.markInputsChanged(tx, now);
                PolicyResponse response = view(row);
                audit.record(tx, actor, "policy.create", target(name), null, null, response);
                return new PolicyResponse.Write(response, true);
            }
            PolicyRow next = row(current.id(), definition, current.version() + 1, enabled, current.builtIn(), who.getName(), now);
            if (sameContent(current, next)) {
                return new PolicyResponse.Write(view(current), false);
            }
            policies.addVersion(tx, next);
            policies.markInputsChanged(tx, now);
            PolicyResponse response = view(next);
            audit.record(tx, actor, action, target(name), null, view(current), response);
            return new PolicyResponse.Write(response, true);
        });
        if (write.changed()) {
            onChange.run();
        }
        return write;
    }

    /** Enables or disables a policy (a new version when it changes). */
    public PolicyResponse.Write setEnabled(TrustmapPrincipal who, Actor actor, String name, boolean enabled) {
        return put(who, actor, name, new PolicyRequest(null, null, null, null, null, null, null, enabled),
                enabled ? "policy.enable" : "policy.disable");
    }

    /** Compiles a request into a definition, completing absent fields from {@code current}; 422 naming every problem. */
    public PolicyDefinition validate(String name, PolicyRequest request, PolicyRow current) {
        List<ProblemException.FieldError> errors = new ArrayList<>();
        PolicyDefinition base = current == null ? null : definition(current);
        Severity severity = null;
        PolicyTarget target = null;
        PolicyScope scope = null;
        try {
            severity = request.severity() != null ? Severity.fromId(request.severity()) : base == null ? null : base.severity();
            if (severity == null) {
                errors.add(new ProblemException.FieldError("severity", "severity is required (info, warn, fail)"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new ProblemException.FieldError("severity", e.getMessage()));
        }
        try {
            target = request.target() != null ? PolicyTarget.fromId(request.target()) : base == null ? PolicyTarget.COMPONENT : base.target();
        } catch (IllegalArgumentException e) {
            errors.add(new ProblemException.FieldError("target", e.getMessage()));
        }
        try {
            scope = request.scope() != null ? new PolicyScope(request.scope().kind(), request.scope().values())
                    : base == null ? PolicyScope.ALL : base.scope();
        } catch (IllegalArgumentException e) {
            errors.add(new ProblemException.FieldError("scope", e.getMessage()));
        }
        String expression = request.expression() != null ? request.expression() : base == null ? null : base.expression();
        if (expression == null || expression.isBlank()) {
            errors.add(new ProblemException.FieldError("expression", "expression is required (a CEL expression, true = violation)"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The policy is invalid", errors, Map.of());
        }
        PolicyDefinition definition;
        try {
            definition = new PolicyDefinition(name == null ? "" : name,
                    request.description() != null ? request.description() : base == null ? "" : base.description(),
                    expression, severity, target, scope,
                    request.message() != null ? request.message() : base == null ? null : base.message());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("name", e.getMessage());
        }
        compile(definition);
        return definition;
    }

    /** Compiles a definition; {@code 422} with every issue and its position. */
    public CompiledPolicy compile(PolicyDefinition definition) {
        try {
            return engine().compile(definition);
        } catch (PolicyCompileException e) {
            List<ProblemException.FieldError> errors = new ArrayList<>();
            for (PolicyIssue issue : e.issues()) {
                errors.add(new ProblemException.FieldError(issue.field(),
                        (issue.line() > 0 ? "line " + issue.line() + ", column " + issue.column() + ": " : "") + issue.message()));
            }
            throw new ProblemException(ProblemType.INVALID_POLICY, "The policy does not compile: " + e.getMessage(), errors, Map.of());
        }
    }

    /** The enabled policies, compiled (each version compiled once). */
    public List<VersionedPolicy> enabled(Tx tx) {
        List<VersionedPolicy> out = new ArrayList<>();
        for (PolicyRow row : policies.current(tx)) {
            if (row.enabled()) {
                out.add(compiled(row));
            }
        }
        return out;
    }

    private VersionedPolicy compiled(PolicyRow row) {
        return compiled.computeIfAbsent(row.id() + "@" + row.version(), k -> {
            try {
                return new VersionedPolicy(engine().compile(definition(row)), row.version());
            } catch (PolicyCompileException e) {
                throw new IllegalStateException("Stored policy " + row.name() + " v" + row.version() + " does not compile: " + e.getMessage(), e);
            }
        });
    }

    PolicyDefinition definition(PolicyRow row) {
        return new PolicyDefinition(row.name(), row.description(), row.expression(), Severity.fromId(row.severity()),
                PolicyTarget.fromId(row.target()), new PolicyScope(row.scopeKind(), values(row.scopeValues())), row.message());
    }

    private static boolean sameContent(PolicyRow a, PolicyRow b) {
        return a.enabled() == b.enabled() && Objects.equals(a.description(), b.description()) && a.expression().equals(b.expression())
                && a.severity().equals(b.severity()) && a.target().equals(b.target()) && a.scopeKind().equals(b.scopeKind())
                && a.scopeValues().equals(b.scopeValues()) && a.message().equals(b.message());
    }

    private PolicyRow row(UUID id, PolicyDefinition d, int version, boolean enabled, boolean builtIn, String by, OffsetDateTime now) {
        return new PolicyRow(id, d.name(), version, enabled, builtIn, d.description(), d.expression(), d.severity().id(),
                d.target().id(), d.scope().kind(), write(d.scope().values()), d.message(), by, now);
    }

    public PolicyResponse view(PolicyRow row) {
        Set<String> reads;
        try {
            reads = compiled(row).policy().reads();
        } catch (IllegalStateException e) {
            reads = Set.of();
        }
        return new PolicyResponse(row.name(), row.version(), row.enabled(), row.builtIn(), row.description(), row.expression(),
                row.severity(), row.target(), new PolicyRequest.Scope(row.scopeKind(), values(row.scopeValues())), row.message(),
                reads, row.changedBy(), row.changedAt());
    }

    /** A response view of a draft (not stored) definition. */
    public PolicyResponse draftView(PolicyDefinition d, CompiledPolicy compiledPolicy) {
        return new PolicyResponse(d.name(), 0, true, false, d.description(), d.expression(), d.severity().id(), d.target().id(),
                new PolicyRequest.Scope(d.scope().kind(), d.scope().values()), d.message(), compiledPolicy.reads(), null, null);
    }

    private List<String> values(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored scope values are unreadable", e);
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
