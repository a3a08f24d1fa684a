package dev.trustmap.database.job;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A job a worker holds the lease on, with its payload. */
public record ClaimedJob(UUID id, UUID serviceId, String format, String label, byte[] payload, String payloadDigest,
                         String submittedBy, OffsetDateTime submittedAt, int attempts) {
}
