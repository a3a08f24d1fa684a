package dev.trustmap.api.incident.model;

import java.util.List;

/**
 * A service hit by the degraded provider. {@code path} runs from this service to the provider,
 * e.g. {@code [storefront, checkout-api, provider:stripe/payment]}; {@code via} is this service's
 * own contract on that path (what it does when the next hop degrades).
 */
public record AffectedService(String service, String displayName, String tier, String owner, String contact,
                              List<String> regions, int depth, boolean direct, List<String> path, ContractView via) {
}
