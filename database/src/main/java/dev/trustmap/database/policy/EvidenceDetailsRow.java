package dev.trustmap.database.policy;

import java.util.UUID;

/** The stored evidence items, registry facts and gaps of a version (JSON text). */
public record EvidenceDetailsRow(UUID versionId, String items, String facts, String gaps) {
}
