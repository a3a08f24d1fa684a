package dev.trustmap.api.incident.model;

import java.time.OffsetDateTime;

/** Something that changed recently in an affected service: a contract version or an SBOM upload. */
public record RecentChange(String service, String kind, OffsetDateTime at, String summary) {
}
