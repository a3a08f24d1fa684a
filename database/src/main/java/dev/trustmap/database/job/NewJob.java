package dev.trustmap.database.job;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A job as enqueued: the raw upload travels with it so a restart can finish it.
 *
 * @param requestId the id of the request that uploaded it (its audit entries name it), or null
 */
public record NewJob(UUID id, UUID serviceId, String format, String label, byte[] payload, String payloadDigest,
                     String submittedBy, OffsetDateTime submittedAt, String requestId) {

    /** A job no request of its own uploaded. */
    public NewJob(UUID id, UUID serviceId, String format, String label, byte[] payload, String payloadDigest, String submittedBy,
                  OffsetDateTime submittedAt) {
        this(id, serviceId, format, label, payload, payloadDigest, submittedBy, submittedAt, null);
    }
}
