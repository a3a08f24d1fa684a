package dev.trustmap.api.incident.model;

import java.util.List;

/** What a service depends on, by capability: providers reached directly or through other services. */
public record ProviderMapResponse(String service, SnapshotInfo snapshot, List<CapabilityEntry> capabilities)
        implements SnapshotStamped<ProviderMapResponse> {

    @Override
    public ProviderMapResponse withSnapshot(SnapshotInfo current) {
        return new ProviderMapResponse(service, current, capabilities);
    }

    /** One capability and the providers serving it to the service. */
    public record CapabilityEntry(String capability, List<ProviderEntry> providers) {
    }

    /** A provider reached by the service, with the path to it and the last contract on that path. */
    public record ProviderEntry(String provider, List<String> regions, int depth, List<String> path, ContractView via) {
    }
}
