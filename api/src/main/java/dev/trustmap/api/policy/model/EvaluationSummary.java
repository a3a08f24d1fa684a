package dev.trustmap.api.policy.model;

import java.time.OffsetDateTime;

/** Counts of one evaluation. {@code pending}: components whose evidence is still being collected. */
public record EvaluationSummary(String decision, OffsetDateTime evaluatedAt, int policies, int components, int dependencies,
                                long evaluations, long violations, long errors, int pending) {
}
