package dev.trustmap.api.sbom.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An ingestion job: state, timings and, once completed, its result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
        UUID id,
        String service,
        String state,
        String label,
        String format,
        long payloadSize,
        String digest,
        String submittedBy,
        OffsetDateTime submittedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        int attempts,
        String statusUrl,
        String snapshotUrl,
        IngestionResult result,
        String error) {

    /** A job this request has just stored, before anything else is known about it. */
    public static JobResponse accepted(UUID id, String service, String label, String format, long payloadSize, String submittedBy) {
        return new JobResponse(id, service, "queued", label, format, payloadSize, null, submittedBy, null, null, null, 0,
                "/api/v1/jobs/" + id, null, null, null);
    }

    public boolean terminal() {
        return "completed".equals(state) || "failed".equals(state);
    }
}
