package dev.trustmap.api.incident.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The incident provider map: who is affected by a degraded provider, ranked, and what changed recently. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentResponse(String provider, ProviderInfo providerInfo, String region, String capability,
                               int windowHours, SnapshotInfo snapshot, Summary summary, List<AffectedService> affected,
                               List<RecentChange> recentChanges) implements SnapshotStamped<IncidentResponse> {

    @Override
    public IncidentResponse withSnapshot(SnapshotInfo current) {
        return new IncidentResponse(provider, providerInfo, region, capability, windowHours, current, summary, affected, recentChanges);
    }

    /** What is known about the provider itself. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderInfo(String displayName, List<String> capabilities, List<String> regions, String statusPage,
                               String supportContact, String dataResidency) {
    }

    /**
     * Complete counts; {@code affectedTruncated} / {@code changesTruncated} say that the lists carry
     * only the first {@code limit} (highest ranked, newest) entries.
     */
    public record Summary(int affected, int direct, int transitive, Map<String, Integer> byTier, boolean affectedTruncated,
                          int recentChanges, boolean changesTruncated) {
    }
}
