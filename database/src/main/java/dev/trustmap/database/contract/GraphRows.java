package dev.trustmap.database.contract;

import java.time.OffsetDateTime;
import java.util.List;

/** Everything the incident graph is built from, read in one transaction. */
public record GraphRows(long changeVersion, List<ServiceRow> services, List<ProviderRow> providers,
                        List<ContractRow> contracts, List<ContractChangeRow> contractChanges,
                        List<SbomChangeRow> sbomChanges, List<TrustEventChangeRow> trustEvents) {

    public GraphRows {
        trustEvents = trustEvents == null ? List.of() : trustEvents; // snapshots saved before trust events existed
    }

    /** A service node. Regions comma-separated. */
    public record ServiceRow(String slug, String displayName, String tier, String ownerTeam, String ownerContact,
                             String regions) {
    }

    /** A provider node. Capabilities and regions comma-separated. */
    public record ProviderRow(String name, String displayName, String capabilities, String regions, String statusPageUrl,
                              String supportContact, String dataResidency) {
    }

    /** A current, not removed contract: an edge from {@code service}. */
    public record ContractRow(String service, String name, int version, String targetService, String provider,
                              String capability, String mode, String criticality, Boolean crossRegion,
                              String degradedBehavior, String fallback, String userImpact, String runbook,
                              Integer timeoutMs, String delivery, String orderingGuarantee) {
    }

    /** A contract version written recently. */
    public record ContractChangeRow(String service, String name, int version, boolean removed, String changedBy,
                                    OffsetDateTime changedAt) {
    }

    /** An SBOM snapshot uploaded recently, with its diff counts (JSON result of its job). */
    public record SbomChangeRow(String service, String label, OffsetDateTime uploadedAt, int components, String resultJson) {
    }

    /** A trust event of a package that the service's current snapshot uses. */
    public record TrustEventChangeRow(String service, String purl, String version, String kind, OffsetDateTime occurredAt,
                                      String detail) {
    }
}
