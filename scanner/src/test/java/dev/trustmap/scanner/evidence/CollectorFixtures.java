package dev.trustmap.scanner.evidence;

import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RecordedRegistry;
import dev.trustmap.scanner.registry.RegistryClientHttp;
import dev.trustmap.scanner.registry.RegistryLimits;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Collectors wired to the recorded registry, at a fixed time. */
final class CollectorFixtures {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SigstoreVerifier SIGSTORE = SigstoreVerifier.bundled();

    private CollectorFixtures() {
    }

    static RegistryClientHttp client(MemoryHttpCache cache) {
        return new RegistryClientHttp(cache, new RegistryLimits(4, Duration.ofSeconds(2), Duration.ofSeconds(4), 2, 4L << 20,
                Duration.ofHours(1)), CLOCK, "trustmap-test");
    }

    static EvidenceCollectors collectors(RecordedRegistry registry, MemoryHttpCache cache) {
        return EvidenceCollectors.standard(client(cache), new RegistryEndpoints(registry.mavenCentral(), registry.npm()), SIGSTORE, NpmRegistryKeys.bundled(), CLOCK);
    }

    static Purls.Normalised purl(String raw) {
        try {
            return Purls.normalise(raw);
        } catch (com.github.packageurl.MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
