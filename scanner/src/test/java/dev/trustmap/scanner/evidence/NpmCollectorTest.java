package dev.trustmap.scanner.evidence;

import static dev.trustmap.scanner.evidence.CollectorFixtures.NOW;
import static dev.trustmap.scanner.evidence.CollectorFixtures.purl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.evidence.TrustEvent;
import dev.trustmap.policy.evidence.TrustEventKind;
import dev.trustmap.policy.evidence.TrustEventRules;
import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against npm answers kept in {@code registry/npm/} (its README says which are recorded and which constructed). */
class NpmCollectorTest {
    RecordedRegistry registry;
    EvidenceCollectors collectors;

    @BeforeEach
    void start() throws Exception {
        registry = new RecordedRegistry();
        collectors = CollectorFixtures.collectors(registry, new MemoryHttpCache());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static String fixtureSha512() {
        byte[] b = new byte[64];
        for (int i = 0; i < 64; i++) {
            b[i] = (byte) i;
        }
        return HexFormat.of().formatHex(b);
    }

    @Test
    void provenanceNamingTheDeclaredRepositoryIsAStrongPositive() {
        CollectedEvidence c = collectors.collect(purl("pkg:npm/tm-fixture-provenance@2.1.0"), Map.of("SHA-512", fixtureSha512()));
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().attestation().value()).isTrue();
        assertThat(c.evidence().attestation().detail()).contains("https://github.com/example-org/tm-fixture-provenance");
        assertThat(c.evidence().attestation().source()).endsWith("/-/npm/v1/attestations/tm-fixture-provenance@2.1.0");
        assertThat(c.evidence().hashMatchesRegistry().value()).isTrue();
        assertThat(c.evidence().maintainers().value()).isEqualTo(2);
        assertThat(c.evidence().publisherChange().state()).isEqualTo(EvidenceState.ABSENT);
        assertThat(c.evidence().installScripts().value()).isFalse();
        assertThat(c.items()).anyMatch(i -> i.signal().equals("registry-signature") && i.state().equals("present"));
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("+45 provenance attestation names the declared repository"));
        assertThat(score.grade()).isEqualTo("A");
    }

    @Test
    void installScriptsFromTheRealRegistryDocument() {
        CollectedEvidence c = collectors.collect(purl("pkg:npm/esbuild@0.28.2"), Map.of());
        assertThat(c.evidence().installScripts().value()).isTrue();
        assertThat(c.evidence().installScripts().detail()).isEqualTo("postinstall: node install.js");
        assertThat(c.evidence().sourceRepository().value()).isEqualTo("git+https://github.com/evanw/esbuild.git");
        // this registry does not send maintainers, publishers or attestations: unknown, never good
        assertThat(c.evidence().maintainers().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().publisherChange().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().attestation().state()).isEqualTo(EvidenceState.ABSENT);
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).anyMatch(e -> e.toString().equals("-10 runs install scripts (postinstall: node install.js)"));
        assertThat(score.gaps()).contains("maintainers is unknown", "publisher-change is unknown");
    }

    @Test
    void deprecatedVersion() {
        CollectedEvidence c = collectors.collect(purl("pkg:npm/tm-fixture-deprecated@1.0.1"), Map.of());
        assertThat(c.evidence().deprecated().value()).isTrue();
        assertThat(c.evidence().deprecated().detail()).contains("No longer maintained");
        assertThat(ScoringModel.score(c.evidence(), NOW).grade()).isIn("D", "F");
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .containsExactly(TrustEventKind.DEPRECATED);
    }

    @Test
    void publisherChangeBetweenVersionsWithDroppedProvenanceAndNewInstallScript() {
        CollectedEvidence c = collectors.collect(purl("pkg:npm/tm-fixture-takeover@3.3.6"), Map.of("SHA-1", "ff".repeat(20)));
        assertThat(c.evidence().publisherChange().isPresent()).isTrue();
        assertThat(c.evidence().publisherChange().value()).isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(c.evidence().publisherChange().detail()).isEqualTo("published by right9ctrl, 3.3.5 by dominic");
        assertThat(c.evidence().licenseChanged().value()).isTrue();
        assertThat(c.evidence().hashMatchesRegistry().value()).isFalse();
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.grade()).isEqualTo("F");
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("-20 publisher changed on 2026-11-20"));
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .containsExactly(TrustEventKind.NEW_VERSION, TrustEventKind.PUBLISHER_CHANGED, TrustEventKind.PROVENANCE_REGRESSION,
                        TrustEventKind.INSTALL_SCRIPT_ADDED, TrustEventKind.LICENSE_CHANGED);
    }

    @Test
    void scopedNamesAndUnknownVersions() {
        CollectedEvidence missing = collectors.collect(purl("pkg:npm/%40acme/not-there@1.0.0"), Map.of());
        assertThat(registry.requests("/npm/@acme/not-there")).isEqualTo(1);
        assertThat(missing.problems()).containsExactly("@acme/not-there is not on the npm registry");
        CollectedEvidence noVersion = collectors.collect(purl("pkg:npm/sigstore@0.0.1-never"), Map.of());
        assertThat(noVersion.problems()).containsExactly("sigstore@0.0.1-never is not in the registry's package document");
        assertThat(ScoringModel.score(noVersion.evidence(), NOW).gaps()).hasSizeGreaterThan(5);
    }

    @Test
    void hostileOrBrokenDocumentsAreProblemsNotCrashes() {
        registry.override("/npm/truncated", n -> RecordedRegistry.Answer.of(200, "application/json", "{\"versions\": {\"1.0.0\": {"));
        registry.override("/npm/htmlpage", n -> RecordedRegistry.Answer.of(200, "text/html", "<!doctype html><h1>Service unavailable</h1>"));
        registry.override("/npm/array", n -> RecordedRegistry.Answer.of(200, "application/json", "[1,2,3]"));
        registry.override("/npm/deep", n -> RecordedRegistry.Answer.of(200, "application/json", "[".repeat(5000) + "]".repeat(5000)));
        registry.override("/npm/huge", n -> RecordedRegistry.Answer.of(200, "application/json", "{\"x\":\"" + "a".repeat(5 << 20) + "\"}"));
        for (String name : new String[] {"truncated", "htmlpage", "array", "deep", "huge"}) {
            CollectedEvidence c = collectors.collect(purl("pkg:npm/" + name + "@1.0.0"), Map.of());
            assertThat(c.problems()).as(name).isNotEmpty();
            assertThat(c.evidence().installScripts().state()).as(name).isEqualTo(EvidenceState.UNKNOWN);
            assertThat(c.facts()).as(name).isNull();
        }
    }
}
