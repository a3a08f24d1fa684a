package dev.trustmap.scanner.evidence;

import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.score.PackageEvidence;
import java.time.Instant;
import java.util.List;

/**
 * What one collection learnt about one package version.
 *
 * @param versionPurl the package version
 * @param registry    which registry answered ({@code maven-central}, {@code npm}), or {@code none}
 * @param evidence    the scoring model's input
 * @param facts       the registry facts trust events are derived from (null when the registry could not be read)
 * @param items       every piece of evidence with its source, fetch time and answer digest
 * @param collectedAt when the collection ran
 * @param problems    what went wrong (registry unreachable, bad answer…), each one safe to show
 */
public record CollectedEvidence(String versionPurl, String registry, PackageEvidence evidence, RegistryFacts facts,
                                List<EvidenceItem> items, Instant collectedAt, List<String> problems) {

    public CollectedEvidence {
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }

    /** {@code complete}: every answer came fresh; {@code degraded}: some evidence is stale or unknown because of a failure. */
    public String status() {
        return problems.isEmpty() ? "complete" : "degraded";
    }
}
