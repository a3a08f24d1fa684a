package dev.trustmap.api.review.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A review with its decision and the scores it was based on. */
public record ReviewResponse(UUID id, String purl, String atLeast, String below, String state, String requestedBy,
                             String requestReason, String decidedBy, String decisionReason, String conditions,
                             OffsetDateTime expiresAt, List<Map<String, Object>> basis, OffsetDateTime createdAt,
                             OffsetDateTime updatedAt) {
}
