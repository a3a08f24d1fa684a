package dev.trustmap.policy.cel;

import java.util.Map;

/**
 * A violation (or an evaluation error, which is never a pass) found on one subject.
 *
 * @param outcome     {@code violation} or {@code error}
 * @param subjectKind {@code component} or {@code dependency}
 * @param subject     the version purl, or {@code service → contract name}
 * @param basis       what the decision was based on (evidence state, scores and model version, or the contract fields)
 */
public record Finding(String policy, int policyVersion, Severity severity, String outcome, String subjectKind, String subject,
                      String message, String description, String expression, Map<String, Object> basis) {
    public Finding {
        basis = Map.copyOf(basis);
    }
}
