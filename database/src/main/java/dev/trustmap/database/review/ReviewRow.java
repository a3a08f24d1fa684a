package dev.trustmap.database.review;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A review of a package (optionally the versions in [atLeast, below)); {@code basis} and {@code conditions} are JSON. */
public record ReviewRow(UUID id, UUID packageId, String packagePurl, String atLeast, String below, String state,
                        String requestedBy, String requestReason, String decidedBy, String decisionReason, String conditions,
                        OffsetDateTime expiresAt, String basis, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
