package dev.trustmap.api.pkg.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Usage search: which services use which versions of a package, under the given version filter. One
 * page of the usages (the list envelope: {@code items}, {@code total}, {@code offset}, {@code limit}),
 * with the package, the filter and how many services match in all.
 */
public record UsageResponse(List<Usage> items, long total, int offset, int limit, String purl, String ecosystem, String filter,
                            int services) {

    /** One service using one version. */
    public record Usage(String service, String tier, String version, String purl, String relationship, String scope,
                        UUID snapshotId, String snapshotLabel, OffsetDateTime snapshotUploadedAt) {
    }
}
