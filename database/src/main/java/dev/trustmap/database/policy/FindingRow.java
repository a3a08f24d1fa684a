package dev.trustmap.database.policy;

import java.util.UUID;

/** One violation (or evaluation error) of a snapshot's evaluation; {@code basis} is JSON. */
public record FindingRow(UUID id, UUID snapshotId, String policyName, int policyVersion, String severity, String outcome,
                         String subjectKind, String subject, String message, String basis) {
}
