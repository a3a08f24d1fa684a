package dev.trustmap.database.policy;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A package version used by a snapshot with its stored evidence and score (evidence columns null
 * while it has not been collected). The bulky evidence (items, registry facts, gaps) is read separately,
 * only for versions whose parsed evidence is not cached ({@link EvidenceDetailsRow}).
 */
public record ComponentFactsRow(UUID versionId, UUID packageId, String packagePurl, String ecosystem, String namespace,
                                String name, String version, String versionPurl, String licenses, String relationship,
                                String scope, String evidenceStatus, OffsetDateTime collectedAt,
                                Integer provenance, Integer health, String grade, String modelVersion) {
}
