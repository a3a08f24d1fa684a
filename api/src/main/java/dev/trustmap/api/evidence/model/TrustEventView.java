package dev.trustmap.api.evidence.model;

import java.time.OffsetDateTime;
import java.util.List;

/** A trust event, with the services whose current snapshot uses the package. */
public record TrustEventView(String kind, String purl, String version, OffsetDateTime occurredAt, OffsetDateTime detectedAt,
                             String detail, String source, List<String> services) {
}
