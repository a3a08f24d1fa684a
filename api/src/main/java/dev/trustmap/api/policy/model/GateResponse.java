package dev.trustmap.api.policy.model;

import java.util.List;
import java.util.UUID;

/**
 * A gate decision.
 *
 * @param decision    {@code pass}, {@code warn} or {@code fail}
 * @param pendingMode {@code decide} (decided on the evidence held) or {@code wait} (waited up to the limit for the rest)
 * @param pending     components whose evidence is still being collected, with the policies that could not be decided
 */
public record GateResponse(String decision, String service, UUID snapshotId, String snapshotUrl, UUID jobId, String pendingMode,
                           EvaluationSummary summary, List<FindingView> violations, List<Pending> pending) {
    /** A component still waiting for evidence. */
    public record Pending(String component, List<String> policies) {
    }
}
