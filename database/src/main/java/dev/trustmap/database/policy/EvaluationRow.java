package dev.trustmap.database.policy;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The summary of a snapshot's latest policy evaluation. */
public record EvaluationRow(UUID snapshotId, UUID serviceId, OffsetDateTime evaluatedAt, String decision, int policies,
                            int components, int dependencies, int evaluations, int violations, int errors, int pending) {
}
