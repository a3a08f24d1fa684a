package dev.trustmap.database.policy;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One version of a policy (the current one, or one of its history). {@code scopeValues} is a JSON array. */
public record PolicyRow(UUID id, String name, int version, boolean enabled, boolean builtIn, String description,
                        String expression, String severity, String target, String scopeKind, String scopeValues,
                        String message, String changedBy, OffsetDateTime changedAt) {
}
