package dev.trustmap.api.review.model;

import java.time.OffsetDateTime;

/** A review transition: {@code to} one of in_review, approved, approved_with_conditions, rejected, revoked. */
public record TransitionRequest(String to, String reason, String conditions, OffsetDateTime expiresAt) {
}
