package dev.trustmap.database.evidence;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The stored evidence and score of one package version. JSON columns are text written and read by
 * the application layer.
 */
public record EvidenceRow(UUID versionId, OffsetDateTime collectedAt, String registry, String status, String items,
                          String facts, String problems, int provenance, int health, String grade, String explanations,
                          String gaps, int gapCount, String modelVersion) {
}
