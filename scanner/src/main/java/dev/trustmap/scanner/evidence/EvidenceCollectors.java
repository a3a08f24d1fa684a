package dev.trustmap.scanner.evidence;

import dev.trustmap.policy.score.PackageEvidence;
import dev.trustmap.scanner.registry.RegistryClient;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.trustmap.scanner.sbom.Purls;

/** The collectors by ecosystem; a package of an ecosystem without a collector gets all-unknown evidence. */
public final class EvidenceCollectors {
    private final Map<String, EvidenceCollector> byEcosystem;
    private final Clock clock;

    public EvidenceCollectors(List<EvidenceCollector> collectors, Clock clock) {
        this.byEcosystem = collectors.stream().collect(Collectors.toUnmodifiableMap(EvidenceCollector::ecosystem, Function.identity()));
        this.clock = clock;
    }

    /** Maven Central and npm at the given base URLs. */
    public static EvidenceCollectors standard(RegistryClient client, RegistryEndpoints endpoints, SigstoreVerifier sigstore,
                                              NpmRegistryKeys npmKeys, Clock clock) {
        return new EvidenceCollectors(List.of(new MavenCentralCollector(client, endpoints.mavenCentral(), sigstore, clock),
                new NpmCollector(client, endpoints.npm(), sigstore, npmKeys, clock)), clock);
    }

    public boolean supports(String ecosystem) {
        return byEcosystem.containsKey(ecosystem);
    }

    public CollectedEvidence collect(Purls.Normalised purl, Map<String, String> sbomHashes) {
        EvidenceCollector collector = byEcosystem.get(purl.ecosystem());
        if (collector == null) {
            return new CollectedEvidence(purl.versionPurl(), "none", PackageEvidence.unknown(purl.ecosystem()), null, List.of(),
                    clock.instant(), List.of("no evidence collector for " + purl.ecosystem() + " packages yet"));
        }
        return collector.collect(purl, sbomHashes);
    }
}
