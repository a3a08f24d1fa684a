package dev.trustmap.scanner.evidence;

import static dev.trustmap.scanner.evidence.CollectorFixtures.NOW;
import static dev.trustmap.scanner.evidence.CollectorFixtures.purl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rescore from stored evidence items gives exactly the score the collection gave (no registry needed). */
class StoredEvidenceTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"pkg:maven/dev.sigstore/sigstore-java@2.0.0", "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
        "pkg:maven/mysql/mysql-connector-java@8.0.33", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2",
        "pkg:npm/tm-fixture-takeover@3.3.6", "pkg:npm/tm-fixture-provenance@2.1.0", "pkg:npm/tm-fixture-deprecated@1.0.0",
        "pkg:npm/sigstore@5.0.1", "pkg:npm/left-pad@1.3.0", "pkg:npm/%40playwright/cli@0.1.1"})
    void rescoringStoredItemsGivesTheCollectionsScore(String raw) {
        CollectedEvidence c = collectors.collect(purl(raw), Map.of("SHA-1", "ab".repeat(20)));
        for (java.time.Instant when : List.of(NOW, NOW.plus(Duration.ofDays(3 * 365)))) {
            TrustScore direct = ScoringModel.score(c.evidence(), when);
            TrustScore stored = ScoringModel.score(CollectedEvidence.evidenceFrom(purl(raw).ecosystem(), c.items()), when);
            // an explanation's source may name the document its item was read from where the signal named none
            assertThat(stored).as(raw + " at " + when).usingRecursiveComparison().ignoringFields("explanations.source").isEqualTo(direct);
            assertThat(stored.explanations()).extracting(Object::toString).containsExactlyElementsOf(
                    direct.explanations().stream().map(Object::toString).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-date", "null"})
    void anUnreadableStoredValueIsUnknownNeverGood(String value) {
        var items = List.of(new EvidenceItem("last-release", "present", value, "https://x", NOW, null),
                new EvidenceItem("maintainers", "present", "many (developers listed in the POM)", "https://x", NOW, null));
        var evidence = CollectedEvidence.evidenceFrom("maven", items);
        assertThat(evidence.lastRelease().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(evidence.maintainers().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(evidence.sigstore().state()).as("no item").isEqualTo(EvidenceState.UNKNOWN);
    }

    @org.junit.jupiter.api.Test
    void anAttestationStoredBeforeAttestationsWereVerifiedIsUnknownAndCollectedAgain() {
        List<EvidenceItem> read = List.of(new EvidenceItem("attestation", "present",
                "true (SLSA provenance built from https://github.com/example-org/x)", "https://registry.npmjs.org/-/npm/v1/attestations/x@1.0.0",
                NOW, null));
        assertThat(CollectedEvidence.evidenceFrom("npm", read).attestation().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(CollectedEvidence.needsRecollection(read)).isTrue();
        assertThat(ScoringModel.score(CollectedEvidence.evidenceFrom("npm", read), NOW).gaps()).contains("attestation is unknown");

        CollectedEvidence verified = collectors.collect(purl("pkg:npm/%40playwright/cli@0.1.1"), Map.of());
        assertThat(CollectedEvidence.needsRecollection(verified.items())).isFalse();
        assertThat(CollectedEvidence.evidenceFrom("npm", verified.items()).attestation().value()).isTrue();
    }
}
