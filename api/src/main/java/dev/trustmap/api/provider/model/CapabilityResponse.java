package dev.trustmap.api.provider.model;

import java.util.List;

/** Which providers serve a capability, in which regions, to which services. */
public record CapabilityResponse(String capability, List<ProviderUse> providers) {

    /** One provider of the capability and the services that use it for that capability. */
    public record ProviderUse(String provider, List<String> regions, List<ServiceUse> services) {
    }

    /** A service using it, through which contract. */
    public record ServiceUse(String service, String tier, List<String> regions, String contract, String mode,
                             Boolean crossRegion) {
    }
}
