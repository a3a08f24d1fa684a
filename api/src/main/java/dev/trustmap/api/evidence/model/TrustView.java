package dev.trustmap.api.evidence.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A package version's evidence and scores. {@code status}: {@code pending} (not collected yet),
 * {@code complete}, or {@code degraded} (a registry failure left some evidence stale or unknown;
 * {@code problems} says which).
 */
public record TrustView(String status, OffsetDateTime collectedAt, String registry, String grade, Integer provenance,
                        Integer maintainerHealth, String modelVersion, List<ExplanationView> explanations, List<String> gaps,
                        List<EvidenceItemView> evidence, List<String> problems) {

    public static TrustView pending() {
        return new TrustView("pending", null, null, null, null, null, null, List.of(), List.of(), List.of(), List.of());
    }
}
