package dev.trustmap.scanner.evidence;

import dev.trustmap.scanner.sbom.Purls;
import java.util.Map;

/** Collects evidence about one package version from its own registry. */
public interface EvidenceCollector {

    /** The purl type this collector understands ({@code maven}, {@code npm}). */
    String ecosystem();

    /**
     * Never throws for registry trouble: failures become unknown or stale evidence and a problem line.
     *
     * @param sbomHashes the SBOM's hashes of the component (CycloneDX algorithm name → lower-case hex)
     */
    CollectedEvidence collect(Purls.Normalised purl, Map<String, String> sbomHashes);
}
