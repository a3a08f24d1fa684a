package dev.trustmap.api.evidence.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Trust events that occurred since {@code since}, newest first, one page of them: the list envelope
 * ({@code items}, {@code total}, {@code offset}, {@code limit}) with the window it covers.
 */
public record EventsResponse(List<TrustEventView> items, long total, int offset, int limit, OffsetDateTime since, int windowHours) {
}
