package dev.trustmap.api.evidence.model;

import java.time.OffsetDateTime;
import java.util.List;

/** Trust events that occurred since {@code since}, newest first. */
public record EventsResponse(OffsetDateTime since, int windowHours, int count, boolean truncated, List<TrustEventView> events) {
}
