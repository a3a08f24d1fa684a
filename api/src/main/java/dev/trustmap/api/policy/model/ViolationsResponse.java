package dev.trustmap.api.policy.model;

import java.util.List;
import java.util.UUID;

/** A service's current violations: the stored evaluation of its current snapshot. */
public record ViolationsResponse(String service, UUID snapshotId, EvaluationSummary summary, List<FindingView> findings) {
}
