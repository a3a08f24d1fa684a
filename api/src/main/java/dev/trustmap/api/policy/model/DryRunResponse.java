package dev.trustmap.api.policy.model;

import java.util.List;

/** What a draft policy would find in the current portfolio (nothing is saved). */
public record DryRunResponse(PolicyResponse policy, int services, int components, int dependencies, long evaluations,
                             long violations, long errors, long pending, List<FindingView> findings, boolean truncated,
                             long durationMs) {
}
