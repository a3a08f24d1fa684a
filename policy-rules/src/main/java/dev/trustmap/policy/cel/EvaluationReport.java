package dev.trustmap.policy.cel;

import java.util.List;

/**
 * Everything one evaluation found.
 *
 * @param evaluations component × policy and dependency × policy evaluations that ran
 */
public record EvaluationReport(Decision decision, int policies, int components, int dependencies, long evaluations,
                               List<Finding> findings, List<PendingComponent> pending) {
    public EvaluationReport {
        findings = List.copyOf(findings);
        pending = List.copyOf(pending);
    }

    public long violations() {
        return findings.stream().filter(f -> f.outcome().equals("violation")).count();
    }

    public long errors() {
        return findings.stream().filter(f -> f.outcome().equals("error")).count();
    }
}
