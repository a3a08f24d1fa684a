package dev.trustmap.database.evidence;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored trust event; {@code packagePurl} is filled on reads. */
public record TrustEventRow(UUID id, UUID packageId, String packagePurl, String version, String kind, OffsetDateTime occurredAt,
                            OffsetDateTime detectedAt, String detail, String source, String identityHash) {
}
