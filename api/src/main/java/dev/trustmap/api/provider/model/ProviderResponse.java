package dev.trustmap.api.provider.model;

import java.time.OffsetDateTime;
import java.util.List;

/** A provider. */
public record ProviderResponse(String name, String displayName, List<String> capabilities, List<String> regions,
                               String statusPageUrl, String supportContact, String dataResidency, String reviewState,
                               OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
