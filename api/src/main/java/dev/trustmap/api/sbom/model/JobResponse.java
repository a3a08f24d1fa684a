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

    public boolean terminal() {
        return "completed".equals(state) || "failed".equals(state);
    }
}
