package dev.trustmap.api.policy.model;

import java.util.List;

/** What a draft policy would find in the current portfolio (nothing is saved). */
public record DryRunResponse(PolicyResponse policy, int services, int components, int dependencies, long evaluations,
                             long violations, long errors, long pending, List<FindingView> findings, List<ServiceFindings> byService,
                             boolean truncated, long durationMs) {

    /**
     * One service's share of a dry run: its whole counts, and its findings among the first {@code limit} of the run
     * ({@code findings} lists those; {@code truncated} says the service had more). Only services with findings are listed.
     */
    public record ServiceFindings(String service, int components, long violations, long errors, long pending,
                                  List<FindingView> findings, boolean truncated) {
    }
}
