package dev.trustmap.api.service.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/** A service with its current snapshot and, in the detail view, its snapshot history (newest first). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceResponse(String slug, String displayName, String ownerTeam, String ownerContact, String tier,
                              List<String> regions, String repositoryUrl, OffsetDateTime createdAt,
                              SnapshotSummary currentSnapshot, List<SnapshotSummary> history) {
}
