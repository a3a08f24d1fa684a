package dev.trustmap.scanner.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RegistryClientHttp;
import dev.trustmap.scanner.registry.RegistryLimits;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A few checks against the real registries (Maven Central and npm, as this machine reaches them). */
class RegistryLiveIT {
    final Clock clock = Clock.systemUTC();
    final RegistryClientHttp client = new RegistryClientHttp(new MemoryHttpCache(), RegistryLimits.defaults(), clock, "trustmap-live-test");
    final EvidenceCollectors collectors = EvidenceCollectors.standard(client, RegistryEndpoints.publicRegistries(), SigstoreVerifier.bundled(), NpmRegistryKeys.bundled(), clock);

    @Test
    void sigstoreJavaVerifiesLiveFromMavenCentral() throws Exception {
        CollectedEvidence c = collectors.collect(Purls.normalise("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().sigstore().value()).isTrue();
        assertThat(c.evidence().sigstore().detail()).contains("https://github.com/sigstore/sigstore-java/");
        assertThat(c.evidence().pgpSignature().value()).isTrue();
        assertThat(c.evidence().lastRelease().isPresent()).isTrue();
        assertThat(client.stats().requests()).isGreaterThan(5);
    }

    @Test
    void relocationLiveFromMavenCentral() throws Exception {
        CollectedEvidence c = collectors.collect(Purls.normalise("pkg:maven/mysql/mysql-connector-java@8.0.33"), Map.of());
        assertThat(c.evidence().deprecated().detail()).isEqualTo("relocated to com.mysql:mysql-connector-j:8.0.33");
    }

    @Test
    void npmDocumentLive() throws Exception {
        CollectedEvidence c = collectors.collect(Purls.normalise("pkg:npm/esbuild@0.28.2"), Map.of());
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().installScripts().value()).isTrue();
        assertThat(c.evidence().sourceRepository().value()).contains("github.com/evanw/esbuild");
        assertThat(c.evidence().lastRelease().isPresent()).isTrue();
        // whatever the registry leaves out is unknown, never counted as good
        if (c.evidence().maintainers().state() == EvidenceState.UNKNOWN) {
            assertThat(ScoringModel.score(c.evidence(), clock.instant()).gaps()).contains("maintainers is unknown");
        }
    }
}
