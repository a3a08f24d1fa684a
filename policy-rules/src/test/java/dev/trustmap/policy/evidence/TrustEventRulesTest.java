package dev.trustmap.policy.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustEventRulesTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration BASELINE = Duration.ofDays(30);
    static final String PURL = "pkg:npm/left-pad";

    static ReleaseFact release(String v, int daysAgo, String publisher, Boolean signed, Boolean scripts, String license) {
        return new ReleaseFact(v, NOW.minus(Duration.ofDays(daysAgo)), publisher, signed, scripts, license, false);
    }

    static RegistryFacts facts(String inventoryVersion, ReleaseFact... releases) {
        return new RegistryFacts(PURL, inventoryVersion, "https://registry.npmjs.org/left-pad", List.of(releases));
    }

    @Test
    void firstCollectionReportsOnlyTheInventoryVersionAndRecentReleases() {
        RegistryFacts first = facts("1.0.0",
                release("0.9.0", 900, "alice", true, false, "MIT"),
                release("1.0.0", 800, "bob", true, false, "MIT"),
                release("1.1.0", 5, "alice", true, false, "MIT"));
        List<TrustEvent> events = TrustEventRules.derive(null, first, NOW, BASELINE);
        assertThat(events).extracting(e -> e.kind() + " " + e.version())
                .containsExactly("PUBLISHER_CHANGED 1.0.0", "NEW_VERSION 1.1.0", "PUBLISHER_CHANGED 1.1.0");
        assertThat(events.get(0).detail()).isEqualTo("1.0.0 published by bob; 0.9.0 was published by alice");
        assertThat(events.get(0).occurredAt()).isEqualTo(NOW.minus(Duration.ofDays(800)));
    }

    @Test
    void sameFactsTwiceProduceNoEvents() {
        RegistryFacts f = facts("1.0.0", release("0.9.0", 900, "alice", true, false, "MIT"), release("1.0.0", 3, "alice", true, false, "MIT"));
        assertThat(TrustEventRules.derive(f, f, NOW, BASELINE)).isEmpty();
    }

    @Test
    void newReleaseThatDropsSignatureAddsScriptsAndChangesLicence() {
        RegistryFacts before = facts("1.0.0", release("1.0.0", 100, "alice", true, false, "MIT"));
        RegistryFacts after = facts("1.0.0", release("1.0.0", 100, "alice", true, false, "MIT"),
                release("1.0.1", 1, "mallory", false, true, "GPL-3.0-only"));
        assertThat(TrustEventRules.derive(before, after, NOW, BASELINE)).extracting(TrustEvent::kind).containsExactly(
                TrustEventKind.NEW_VERSION, TrustEventKind.PUBLISHER_CHANGED, TrustEventKind.PROVENANCE_REGRESSION,
                TrustEventKind.INSTALL_SCRIPT_ADDED, TrustEventKind.LICENSE_CHANGED);
    }

    @Test
    void unknownFactsAreNotChanges() {
        RegistryFacts before = facts("1.0.0", release("1.0.0", 100, null, null, null, null));
        RegistryFacts after = facts("1.0.0", release("1.0.0", 100, null, null, null, null), release("1.0.1", 1, "x", false, true, "MIT"));
        assertThat(TrustEventRules.derive(before, after, NOW, BASELINE)).extracting(TrustEvent::kind)
                .containsExactly(TrustEventKind.NEW_VERSION);
    }

    @Test
    void deprecationIsReportedOnceWhenItAppears() {
        RegistryFacts before = facts("1.0.0", release("1.0.0", 100, "a", null, false, "MIT"));
        RegistryFacts after = facts("1.0.0", new ReleaseFact("1.0.0", NOW.minus(Duration.ofDays(100)), "a", null, false, "MIT", true));
        List<TrustEvent> events = TrustEventRules.derive(before, after, NOW, BASELINE);
        assertThat(events).extracting(TrustEvent::kind).containsExactly(TrustEventKind.DEPRECATED);
        assertThat(events.get(0).occurredAt()).isEqualTo(NOW);
        assertThat(TrustEventRules.derive(after, after, NOW, BASELINE)).isEmpty();
    }

    @Test
    void identityIgnoresWhichInventoryVersionSawIt() {
        ReleaseFact newer = release("2.0.0", 1, "a", true, false, "MIT");
        List<TrustEvent> fromOne = TrustEventRules.derive(null, facts("1.0.0", release("1.0.0", 300, "a", true, false, "MIT"), newer), NOW, BASELINE);
        List<TrustEvent> fromOther = TrustEventRules.derive(null, facts("1.5.0", release("1.5.0", 200, "a", true, false, "MIT"), newer), NOW, BASELINE);
        assertThat(fromOne.get(0).identity()).isEqualTo(fromOther.get(0).identity()).isEqualTo("new-version|pkg:npm/left-pad|2.0.0");
    }
}
