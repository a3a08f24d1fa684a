package dev.trustmap.api.policy.model;

import java.util.Map;

/**
 * A violation (or an evaluation error) with what it was based on.
 *
 * @param service     the service whose snapshot or contract it is about
 * @param outcome     {@code violation} or {@code error} (an error is never a pass)
 * @param subjectKind {@code component} or {@code dependency}
 * @param subject     the version purl, or {@code service → contract}
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record FindingView(String service, String policy, int policyVersion, String severity, String outcome, String subjectKind, String subject,
                          String message, Explanation explanation) {
    /** Why: the policy's purpose and expression, and the evidence, score or contract fields it saw. */
    public record Explanation(String description, String expression, Map<String, Object> basis) {
    }
}
