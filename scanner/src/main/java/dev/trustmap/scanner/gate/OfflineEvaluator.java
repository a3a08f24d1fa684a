package dev.trustmap.scanner.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.policy.cel.EvaluationReport;
import dev.trustmap.policy.cel.Finding;
import dev.trustmap.policy.cel.PendingComponent;
import dev.trustmap.policy.cel.PolicyCompileException;
import dev.trustmap.policy.cel.PolicyDefinition;
import dev.trustmap.policy.cel.PolicyEngine;
import dev.trustmap.policy.cel.PolicyEvaluator;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import dev.trustmap.policy.cel.PolicyFacts.EventFacts;
import dev.trustmap.policy.cel.PolicyFacts.EvidenceFacts;
import dev.trustmap.policy.cel.PolicyFacts.PackageFacts;
import dev.trustmap.policy.cel.PolicyFacts.ReviewFacts;
import dev.trustmap.policy.cel.PolicyFacts.ScoreFacts;
import dev.trustmap.policy.cel.PolicyFacts.ServiceFacts;
import dev.trustmap.policy.cel.PolicyFacts.VersionFacts;
import dev.trustmap.policy.cel.PolicyScope;
import dev.trustmap.policy.cel.PolicyTarget;
import dev.trustmap.policy.cel.Severity;
import dev.trustmap.policy.cel.VersionedPolicy;
import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomComponent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an SBOM without the portal, on the policy bundle the CLI saved on its last successful
 * run: the same policies (same engine), the evidence, scores, events and reviews the portal held
 * for the service's versions then. Versions the bundle does not know are evaluated as pending.
 */
public final class OfflineEvaluator {
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final PolicyEngine engine = new PolicyEngine();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bundle(int formatVersion, String generatedAt, ServiceFacts service, List<BundlePolicy> policies,
                  List<BundleComponent> components, List<DependencyContext> dependencies) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BundlePolicy(String name, int version, boolean enabled, String description, String expression, String severity,
                        String target, BundleScope scope, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BundleScope(String kind, List<String> values) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BundleComponent(String purl, EvidenceFacts evidence, ScoreFacts scores, List<EventFacts> events, ReviewFacts review) {
    }

    /** A bundle that cannot be used. */
    public static final class BundleException extends Exception {
        public BundleException(String message) {
            super(message);
        }
    }

    public GateReport evaluate(byte[] bundleJson, ParsedSbom sbom, Instant now) throws BundleException {
        Bundle bundle;
        try {
            bundle = json.readValue(bundleJson, Bundle.class);
        } catch (IOException e) {
            throw new BundleException("the saved policy bundle is unreadable (" + e.getClass().getSimpleName() + ")");
        }
        if (bundle.formatVersion() != 1 || bundle.service() == null || bundle.policies() == null) {
            throw new BundleException("the saved policy bundle has an unknown format");
        }
        List<VersionedPolicy> policies = new ArrayList<>();
        for (BundlePolicy p : bundle.policies()) {
            if (!p.enabled()) {
                continue;
            }
            try {
                policies.add(new VersionedPolicy(engine.compile(new PolicyDefinition(p.name(), p.description(), p.expression(),
                        Severity.fromId(p.severity()), PolicyTarget.fromId(p.target()),
                        p.scope() == null ? PolicyScope.ALL : new PolicyScope(p.scope().kind(), p.scope().values()), p.message())), p.version()));
            } catch (PolicyCompileException | IllegalArgumentException e) {
                throw new BundleException("policy " + p.name() + " in the saved bundle does not compile here: " + e.getMessage());
            }
        }
        Map<String, BundleComponent> known = new HashMap<>();
        for (BundleComponent c : bundle.components() == null ? List.<BundleComponent>of() : bundle.components()) {
            known.put(c.purl(), c);
        }
        List<ComponentContext> components = new ArrayList<>();
        int unknown = 0;
        for (SbomComponent c : sbom.components()) {
            var purl = c.purl();
            BundleComponent held = known.get(purl.versionPurl());
            if (held == null) {
                unknown++;
            }
            List<EventFacts> events = new ArrayList<>();
            if (held != null && held.events() != null) {
                for (EventFacts e : held.events()) {
                    long age = e.occurredAt().isEmpty() ? e.ageDays()
                            : Math.max(0, Duration.between(Instant.parse(e.occurredAt()), now).toDays());
                    events.add(new EventFacts(e.kind(), e.version(), e.thisVersion(), e.occurredAt(), age, e.detail()));
                }
            }
            components.add(new ComponentContext(
                    new PackageFacts(purl.packagePurl(), purl.ecosystem(), purl.namespace() == null ? "" : purl.namespace(), purl.name()),
                    new VersionFacts(purl.version(), purl.versionPurl(), "direct".equals(sbom.relationshipOf(purl.versionPurl())),
                            c.scope() == null ? "" : c.scope(), c.licenses()),
                    held == null || held.evidence() == null ? EvidenceFacts.pending() : held.evidence(),
                    held == null || held.scores() == null ? ScoreFacts.pending() : held.scores(),
                    events, held == null || held.review() == null ? ReviewFacts.NONE : held.review(), bundle.service()));
        }
        EvaluationReport report = PolicyEvaluator.evaluate(policies, components,
                bundle.dependencies() == null ? List.of() : bundle.dependencies());
        List<String> notes = new ArrayList<>();
        notes.add("evaluated offline on the policy bundle saved at " + bundle.generatedAt() + ", not by the portal");
        if (unknown > 0) {
            notes.add(unknown + " component(s) are not in the saved bundle: their evidence is unknown here (pending)");
        }
        return report(report, bundle.service().name(), notes);
    }

    static GateReport report(EvaluationReport r, String service, List<String> notes) {
        List<GateReport.Violation> violations = new ArrayList<>();
        for (Finding f : r.findings()) {
            violations.add(new GateReport.Violation(f.policy(), f.policyVersion(), f.severity().id(), f.outcome(), f.subjectKind(),
                    f.subject(), f.message(), new GateReport.Explanation(f.description(), f.expression(), f.basis())));
        }
        List<GateReport.Pending> pending = new ArrayList<>();
        for (PendingComponent p : r.pending()) {
            pending.add(new GateReport.Pending(p.subject(), p.policies()));
        }
        return new GateReport(r.decision().id(), service, "offline", notes, null,
                new GateReport.Summary(r.policies(), r.components(), r.dependencies(), r.evaluations(), r.violations(), r.errors(),
                        r.pending().size()), violations, pending);
    }
}
