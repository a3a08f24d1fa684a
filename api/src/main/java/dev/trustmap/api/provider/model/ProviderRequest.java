package dev.trustmap.api.provider.model;

import java.util.List;

/** Create or update a provider (the name comes from the URL). */
public record ProviderRequest(String displayName, List<String> capabilities, List<String> regions, String statusPageUrl,
                              String supportContact, String dataResidency) {
}
