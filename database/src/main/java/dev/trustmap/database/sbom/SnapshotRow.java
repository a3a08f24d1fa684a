package dev.trustmap.database.sbom;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A snapshot as written by bulk ingestion. */
public record SnapshotRow(UUID id, UUID serviceId, String label, String format, String specVersion,
                          String serialNumber, String digest, String uploadedBy, OffsetDateTime uploadedAt,
                          int componentCount, int directCount, int edgeCount, int skippedCount,
                          UUID previousSnapshotId) {
}
