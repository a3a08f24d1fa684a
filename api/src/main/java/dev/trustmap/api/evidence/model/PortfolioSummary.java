package dev.trustmap.api.evidence.model;

import java.util.List;
import java.util.Map;

/**
 * The portfolio at a glance: package versions in current use by grade ({@code pending}: not
 * collected yet), the worst of them, and those with unknown or stale evidence.
 */
public record PortfolioSummary(String modelVersion, long versionsInUse, Map<String, Long> grades, long withEvidenceGaps,
                               List<ScoredVersionView> worst, List<ScoredVersionView> unknownEvidence) {

    /** A package version in use with its score. */
    public record ScoredVersionView(String purl, String grade, int provenance, int maintainerHealth, int gaps, int services) {
    }
}
