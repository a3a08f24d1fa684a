package dev.trustmap.database.policy;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A package version used by a snapshot with its stored evidence and score (evidence columns null
 * while it has not been collected).
 */
public record ComponentFactsRow(UUID versionId, UUID packageId, String packagePurl, String ecosystem, String namespace,
                                String name, String version, String versionPurl, String licenses, String relationship,
                                String scope, String evidenceStatus, OffsetDateTime collectedAt, String facts, String items,
                                Integer provenance, Integer health, String grade, String gaps, String modelVersion) {
}
