package dev.trustmap.policy.cel;

import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a set of policies on the components and dependency contracts of one service and decides. */
public final class PolicyEvaluator {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::policy).thenComparing(Finding::subject);

    private PolicyEvaluator() {
    }

    public static EvaluationReport evaluate(List<VersionedPolicy> policies, List<ComponentContext> components,
                                            List<DependencyContext> dependencies) {
        return evaluate(policies, components, dependencies, EvaluationBudget.unlimited());
    }

    /** Like {@link #evaluate(List, List, List)}, spending {@code budget} (checked after every component and dependency). */
    public static EvaluationReport evaluate(List<VersionedPolicy> policies, List<ComponentContext> components,
                                            List<DependencyContext> dependencies, EvaluationBudget budget) {
        List<Finding> findings = new ArrayList<>();
        List<PendingComponent> pending = new ArrayList<>();
        long evaluations = 0;
        List<VersionedPolicy> componentPolicies = policies.stream()
                .filter(p -> p.policy().definition().target() == PolicyTarget.COMPONENT).toList();
        List<VersionedPolicy> dependencyPolicies = policies.stream()
                .filter(p -> p.policy().definition().target() == PolicyTarget.DEPENDENCY).toList();
        // each component's activation holds only what the policies that will run on it need
        java.util.Set<String> variables = new java.util.HashSet<>();
        java.util.Set<String> variablesWithoutEvidence = new java.util.HashSet<>();
        for (VersionedPolicy p : componentPolicies) {
            variables.addAll(p.policy().variables());
            if (!p.policy().needsEvidence()) {
                variablesWithoutEvidence.addAll(p.policy().variables());
            }
        }
        for (ComponentContext component : components) {
            if (componentPolicies.isEmpty()) {
                break;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object>[] built = new Map[1];
            java.util.function.Supplier<Map<String, Object>> activation = () -> {
                if (built[0] == null) {
                    built[0] = PolicyEngine.activation(component, component.pending() ? variablesWithoutEvidence : variables);
                }
                return built[0];
            };
            List<String> waiting = new ArrayList<>();
            for (VersionedPolicy p : componentPolicies) {
                PolicyOutcome outcome = p.policy().evaluate(component, activation);
                if (outcome.kind() != PolicyOutcome.Kind.NOT_APPLICABLE) {
                    evaluations++;
                }
                switch (outcome.kind()) {
                    case VIOLATION, ERROR -> findings.add(finding(p, outcome, "component", component.version().purl(), basis(component)));
                    case PENDING -> waiting.add(p.policy().definition().name());
                    default -> { }
                }
            }
            if (!waiting.isEmpty()) {
                pending.add(new PendingComponent(component.version().purl(), waiting));
            }
            budget.spend(componentPolicies.size());
        }
        for (DependencyContext dependency : dependencies) {
            if (dependencyPolicies.isEmpty()) {
                break;
            }
            Map<String, Object> activation = PolicyEngine.activation(dependency);
            for (VersionedPolicy p : dependencyPolicies) {
                PolicyOutcome outcome = p.policy().evaluate(dependency, activation);
                if (outcome.kind() != PolicyOutcome.Kind.NOT_APPLICABLE) {
                    evaluations++;
                }
                if (outcome.kind() == PolicyOutcome.Kind.VIOLATION || outcome.kind() == PolicyOutcome.Kind.ERROR) {
                    findings.add(finding(p, outcome, "dependency",
                            dependency.service().name() + " → " + dependency.contract().name(), basis(dependency)));
                }
            }
            budget.spend(dependencyPolicies.size());
        }
        findings.sort(ORDER);
        Decision decision = Decision.PASS;
        for (Finding f : findings) {
            if (f.severity() == Severity.FAIL) {
                decision = Decision.FAIL;
                break;
            }
            if (f.severity() == Severity.WARN) {
                decision = Decision.WARN;
            }
        }
        return new EvaluationReport(decision, policies.size(), components.size(), dependencies.size(), evaluations, findings, pending);
    }

    /** One report of several (pages of one snapshot): the worst decision, counts summed, findings in report order. */
    public static EvaluationReport merge(List<EvaluationReport> reports) {
        Decision decision = Decision.PASS;
        int policies = 0;
        int components = 0;
        int dependencies = 0;
        long evaluations = 0;
        List<Finding> findings = new ArrayList<>();
        List<PendingComponent> pending = new ArrayList<>();
        for (EvaluationReport r : reports) {
            decision = r.decision().atLeast(decision) ? r.decision() : decision;
            policies = Math.max(policies, r.policies());
            components += r.components();
            dependencies += r.dependencies();
            evaluations += r.evaluations();
            findings.addAll(r.findings());
            pending.addAll(r.pending());
        }
        findings.sort(ORDER);
        return new EvaluationReport(decision, policies, components, dependencies, evaluations, findings, pending);
    }

    private static Finding finding(VersionedPolicy p, PolicyOutcome outcome, String kind, String subject, Map<String, Object> basis) {
        PolicyDefinition d = p.policy().definition();
        return new Finding(d.name(), p.version(), d.severity(), outcome.kind() == PolicyOutcome.Kind.VIOLATION ? "violation" : "error",
                kind, subject, outcome.message(), d.description(), d.expression(), basis);
    }

    private static Map<String, Object> basis(ComponentContext c) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("evidenceStatus", c.evidence().status());
        basis.put("collectedAt", c.evidence().collectedAt());
        basis.put("grade", c.scores().grade());
        basis.put("provenance", c.scores().provenance());
        basis.put("health", c.scores().health());
        basis.put("modelVersion", c.scores().modelVersion());
        basis.put("review", c.review().state());
        basis.put("gaps", c.evidence().gaps());
        return basis;
    }

    private static Map<String, Object> basis(DependencyContext d) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("mode", d.contract().mode());
        basis.put("target", d.contract().provider().isEmpty() ? d.contract().service() : d.contract().provider());
        basis.put("degradedBehavior", d.contract().degradedBehavior());
        basis.put("fallback", d.contract().fallback());
        basis.put("serviceTier", d.service().tier());
        return basis;
    }
}
