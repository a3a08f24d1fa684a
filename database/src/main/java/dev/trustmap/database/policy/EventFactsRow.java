package dev.trustmap.database.policy;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A trust event of a package used by a snapshot. */
public record EventFactsRow(UUID packageId, String version, String kind, OffsetDateTime occurredAt, String detail) {
}
