package dev.trustmap.api.pkg.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Usage search: which services use which versions of a package, under the given version filter. */
public record UsageResponse(String purl, String ecosystem, String filter, int services, List<Usage> usages) {

    /** One service using one version. */
    public record Usage(String service, String tier, String version, String purl, String relationship, String scope,
                        UUID snapshotId, String snapshotLabel, OffsetDateTime snapshotUploadedAt) {
    }
}
