package dev.trustmap.database.job;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A job as enqueued: the raw upload travels with it so a restart can finish it. */
public record NewJob(UUID id, UUID serviceId, String format, String label, byte[] payload, String payloadDigest,
                     String submittedBy, OffsetDateTime submittedAt) {
}
