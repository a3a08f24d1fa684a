package dev.trustmap.api.service.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One SBOM snapshot of a service. */
public record SnapshotSummary(UUID id, String label, String format, String specVersion, String digest,
                              String uploadedBy, OffsetDateTime uploadedAt, int components, int direct,
                              int edges, int skippedWithoutPurl, UUID previousSnapshotId, boolean current) {
}
