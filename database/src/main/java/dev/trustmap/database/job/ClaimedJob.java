package dev.trustmap.database.job;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A job a worker holds the lease on. Its payload is read separately, only when needed. */
public record ClaimedJob(UUID id, UUID serviceId, String format, String label, String payloadDigest, long payloadSize,
                         String submittedBy, OffsetDateTime submittedAt, int attempts, String requestId) {
}
