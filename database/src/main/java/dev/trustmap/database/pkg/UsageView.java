package dev.trustmap.database.pkg;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A service whose current snapshot uses a version of a package. */
public record UsageView(String service, String serviceTier, String version, String versionPurl, String relationship,
                        String scope, UUID snapshotId, String snapshotLabel, OffsetDateTime snapshotUploadedAt) {
}
