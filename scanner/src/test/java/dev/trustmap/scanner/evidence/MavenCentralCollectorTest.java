package dev.trustmap.scanner.evidence;

import static dev.trustmap.scanner.evidence.CollectorFixtures.NOW;
import static dev.trustmap.scanner.evidence.CollectorFixtures.purl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.evidence.TrustEventKind;

import dev.trustmap.policy.evidence.TrustEvent;
import dev.trustmap.policy.evidence.TrustEventRules;
import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against Maven Central answers recorded into the repository (see {@code registry/record.sh}). */
class MavenCentralCollectorTest {
    static final String SIGSTORE_SHA256 = "8b3e03d6b3bd8a2de1d5c1bb2e0d6b7fb0ca89e3c3bdbd6e88d7f58b7d2e8f6b";
    RecordedRegistry registry;
    MemoryHttpCache cache;
    EvidenceCollectors collectors;

    @BeforeEach
    void start() throws Exception {
        registry = new RecordedRegistry();
        cache = new MemoryHttpCache();
        collectors = CollectorFixtures.collectors(registry, cache);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static String registrySha256(String path) throws Exception {
        try (var in = MavenCentralCollectorTest.class.getResourceAsStream("/registry/maven-central/" + path)) {
            return new String(in.readAllBytes()).trim();
        }
    }

    @Test
    void sigstoreJavaVerifiesAndScoresWell() throws Exception {
        String sha256 = registrySha256("dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256");
        CollectedEvidence c = collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of("SHA-256", sha256));
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().sigstore().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().sigstore().value()).isTrue();
        assertThat(c.evidence().sigstore().detail()).contains("release-sigstore-java-from-tag.yaml@refs/tags/v2.0.0")
                .contains("https://token.actions.githubusercontent.com");
        assertThat(c.evidence().pgpSignature().value()).isTrue();
        assertThat(c.evidence().hashMatchesRegistry().value()).isTrue();
        assertThat(c.evidence().sourceRepository().value()).contains("github.com/sigstore/sigstore-java");
        assertThat(c.evidence().maintainers().isPresent()).isTrue();
        assertThat(c.evidence().deprecated().value()).isFalse();
        assertThat(c.evidence().releasesLastYear().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.items()).allSatisfy(item -> assertThat(item.signal()).isNotBlank());
        assertThat(c.items()).filteredOn(i -> i.signal().equals("sigstore")).singleElement()
                .satisfies(i -> {
                    assertThat(i.source()).endsWith("sigstore-java-2.0.0.jar.sigstore.json");
                    assertThat(i.digest()).hasSize(64);
                    assertThat(i.fetchedAt()).isEqualTo(NOW);
                });
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.provenance()).isEqualTo(100);
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("+45 Sigstore bundle verified (identity https://github.com/sigstore/"));
        assertThat(c.facts().releases()).extracting(r -> r.version()).contains("1.3.0", "2.0.0");
        assertThat(c.facts().release("1.3.0").orElseThrow().signed()).isTrue();
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .doesNotContain(TrustEventKind.PROVENANCE_INVALID);
    }

    @Test
    void aTamperedSigstoreBundleEarnsNothingAndRaisesATrustEvent() throws Exception {
        String path = "dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json";
        String bundle;
        try (var in = getClass().getResourceAsStream("/registry/maven-central/" + path)) {
            bundle = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // the signature of another artifact: the bundle's digest no longer matches, nor does the signature
        String sha256 = registrySha256("dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256");
        String other = sha256.substring(0, 60) + (sha256.endsWith("0") ? "1111" : "0000");
        String tampered = bundle.replace(java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(sha256)),
                java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(other)));
        assertThat(tampered).isNotEqualTo(bundle);
        registry.override("/maven-central/" + path, n -> RecordedRegistry.Answer.of(200, "application/octet-stream", tampered));
        CollectedEvidence c = collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of("SHA-256", sha256));
        assertThat(c.evidence().sigstore().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().sigstore().value()).isFalse();
        assertThat(ScoringModel.score(c.evidence(), NOW).explanations())
                .anyMatch(e -> e.toString().startsWith("+0 Sigstore bundle present but does not verify"));
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30)))
                .filteredOn(e -> e.kind() == TrustEventKind.PROVENANCE_INVALID).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("the Sigstore bundle of pkg:maven/dev.sigstore/sigstore-java@2.0.0 does not verify: "));
    }

    @Test
    void jacksonDatabind2172ReadsAsReleasedIn2024WhileThePackageIsActive() {
        CollectedEvidence c = collectors.collect(purl("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2"), Map.of());
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().released().value()).isEqualTo(Instant.parse("2024-07-05T17:14:38Z"));
        assertThat(c.evidence().lastRelease().value()).isEqualTo(Instant.parse("2026-11-08T00:20:57Z"));
        assertThat(c.evidence().lastRelease().detail()).isEqualTo("2.23.0");
        // 2.23.0, 2.22.0–2.22.4, 2.21.0–2.21.8 and 2.20.2 are within a year of NOW; 2.20.1 (2025-10-30) ends the walk
        assertThat(c.evidence().releasesLastYear().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().releasesLastYear().value()).isEqualTo(16);
        assertThat(registry.requests("/maven-central/com/fasterxml/jackson/core/jackson-databind/2.20.0/jackson-databind-2.20.0.pom"))
                .as("the walk stops at the first release older than a year").isZero();
        assertThat(c.facts().release("2.17.2").orElseThrow().publishedAt()).isEqualTo(Instant.parse("2024-07-05T17:14:38Z"));
        assertThat(c.facts().release("2.17.1").orElseThrow().publishedAt()).isEqualTo(Instant.parse("2024-05-05T01:59:41Z"));
        assertThat(c.facts().release("2.21.3").orElseThrow().publishedAt()).isEqualTo(Instant.parse("2026-04-28T20:07:40Z"));
        assertThat(c.facts().release("2.10.0").orElseThrow().publishedAt()).as("older releases are not dated").isNull();
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).extracting(Object::toString)
                .contains("+0 this version was released on 2024-07-05 (informational)",
                        "+40 released within the last 12 months (2026-11-08, 2.23.0)",
                        "+0 16 release(s) in the last year (informational) (dated by each POM's Last-Modified)");
        assertThat(score.gaps()).doesNotContain("release-cadence is unknown", "last-release is unknown");
        // only releases of the last 30 days are news on first sight: 2.23.0 (2026-11-08), dated by its POM
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30)))
                .filteredOn(e -> e.kind() == dev.trustmap.policy.evidence.TrustEventKind.NEW_VERSION)
                .extracting(TrustEvent::version, TrustEvent::occurredAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2.23.0", Instant.parse("2026-11-08T00:20:57Z")));
    }

    @Test
    void datingIsBoundedAndSaysSoWhenEveryDatedReleaseIsRecent() {
        String dir = "/maven-central/org/example/busy/";
        StringBuilder versions = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            String v = "1.0." + i;
            versions.append("<version>").append(v).append("</version>");
            registry.override(dir + v + "/busy-" + v + ".pom", n -> RecordedRegistry.Answer.of(200, "text/xml", "<project/>")
                    .withHeader("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT"));
        }
        registry.override(dir + "maven-metadata.xml", n -> RecordedRegistry.Answer.of(200, "text/xml",
                "<metadata><versioning><versions>" + versions + "</versions></versioning></metadata>"));
        CollectedEvidence c = collectors.collect(purl("pkg:maven/org.example/busy@1.0.3"), Map.of());
        int pomRequests = 0;
        for (int i = 1; i <= 50; i++) {
            pomRequests += registry.requests(dir + "1.0." + i + "/busy-1.0." + i + ".pom");
        }
        // the 30 newest (1.0.21–1.0.50), the inventory version and its predecessor
        assertThat(pomRequests).isEqualTo(MavenCentralCollector.DATED_RELEASES + 2);
        assertThat(c.evidence().releasesLastYear().value()).isEqualTo(30);
        assertThat(c.evidence().releasesLastYear().detail()).isEqualTo("at least 30: only the newest 30 releases are dated");
        assertThat(c.evidence().lastRelease().detail()).isEqualTo("1.0.50");
    }

    @Test
    void releasesCentralDoesNotDateStayUnknownButTheNewestIsDatedByTheMetadata() {
        // the sigstore-java POMs were recorded without a Last-Modified (record.sh), as a proxy that drops it serves them
        CollectedEvidence c = collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        assertThat(c.evidence().lastRelease().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().lastRelease().value()).isEqualTo(java.time.Instant.parse("2026-10-19T20:34:12Z"));
        assertThat(c.evidence().lastRelease().detail())
                .isEqualTo("2.0.0, by maven-metadata.xml's lastUpdated: Central sent no Last-Modified for its POM");
        assertThat(c.evidence().releasesLastYear().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().released().state()).isEqualTo(EvidenceState.UNKNOWN);
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.gaps()).contains("release-cadence is unknown").doesNotContain("last-release is unknown");

        // without the metadata's date either, the newest release is unknown too: never good
        registry.override("/maven-central/dev/sigstore/sigstore-java/maven-metadata.xml", n -> RecordedRegistry.Answer.of(200, "text/xml",
                "<metadata><groupId>dev.sigstore</groupId><artifactId>sigstore-java</artifactId><versioning><versions>"
                        + "<version>1.3.0</version><version>2.0.0</version></versions></versioning></metadata>"));
        CollectedEvidence undated = CollectorFixtures.collectors(registry, new MemoryHttpCache())
                .collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        assertThat(undated.evidence().lastRelease().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(undated.evidence().lastRelease().detail()).isEqualTo("2.0.0: Central sent no Last-Modified for its POM");
        assertThat(ScoringModel.score(undated.evidence(), NOW).gaps()).contains("last-release is unknown", "release-cadence is unknown");
    }

    @Test
    void sbomHashDifferentFromTheRegistrysIsASeriousFinding() {
        CollectedEvidence c = collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"),
                Map.of("SHA-256", "00".repeat(32)));
        assertThat(c.evidence().hashMatchesRegistry().value()).isFalse();
        assertThat(c.evidence().hashMatchesRegistry().detail()).contains("SBOM 0000");
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.grade()).isEqualTo("F");
        assertThat(score.explanations()).anyMatch(e -> e.points() == -60);
    }

    @Test
    void pgpOnlyPackageWithInheritedLicence() {
        CollectedEvidence c = collectors.collect(purl("pkg:maven/org.apache.commons/commons-lang3@3.14.0"), Map.of());
        assertThat(c.evidence().sigstore().state()).isEqualTo(EvidenceState.ABSENT);
        assertThat(c.evidence().pgpSignature().value()).isTrue();
        assertThat(c.evidence().hashMatchesRegistry().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().hashMatchesRegistry().detail()).contains("SBOM gives no SHA-1 or SHA-256");
        assertThat(c.evidence().licenseChanged().value()).isFalse();
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("+20 PGP signature published"));
        assertThat(score.gaps()).contains("hash is unknown");
    }

    @Test
    void relocatedArtifactIsReportedAsDeprecated() {
        CollectedEvidence c = collectors.collect(purl("pkg:maven/mysql/mysql-connector-java@8.0.33"), Map.of("SHA-1", "ab".repeat(20)));
        assertThat(c.evidence().deprecated().value()).isTrue();
        assertThat(c.evidence().deprecated().detail()).isEqualTo("relocated to com.mysql:mysql-connector-j:8.0.33");
        assertThat(c.evidence().pgpSignature().state()).isEqualTo(EvidenceState.ABSENT);
        assertThat(c.evidence().hashMatchesRegistry().state()).isEqualTo(EvidenceState.ABSENT);
        assertThat(ScoringModel.score(c.evidence(), NOW).grade()).isIn("D", "F");
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .contains(dev.trustmap.policy.evidence.TrustEventKind.DEPRECATED);
    }

    @Test
    void secondCollectionIsServedFromTheCache() {
        collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        int requests = registry.totalRequests();
        assertThat(requests).isBetween(8, 12);
        collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        assertThat(registry.totalRequests()).isEqualTo(requests);
    }

    @Test
    void registryDownMakesEvidenceUnknownNeverGood() {
        registry.override("/maven-central/org/apache/commons/commons-lang3/maven-metadata.xml",
                n -> RecordedRegistry.Answer.of(503, "text/html", "<html>maintenance</html>"));
        registry.override("/maven-central/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.pom",
                n -> RecordedRegistry.Answer.of(200, "text/html", "<html><body>Login</body></html>"));
        registry.override("/maven-central/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar.asc",
                n -> RecordedRegistry.Answer.of(500, "text/plain", "oops"));
        CollectedEvidence c = collectors.collect(purl("pkg:maven/org.apache.commons/commons-lang3@3.14.0"), Map.of());
        assertThat(c.status()).isEqualTo("degraded");
        assertThat(c.problems()).anyMatch(p -> p.contains("HTTP 503")).anyMatch(p -> p.contains("unexpected content type 'text/html'"));
        assertThat(c.evidence().pgpSignature().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().maintainers().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().lastRelease().state()).isEqualTo(EvidenceState.UNKNOWN);
        TrustScore degraded = ScoringModel.score(c.evidence(), NOW);
        assertThat(degraded.gaps()).contains("pgp-signature is unknown", "maintainers is unknown", "last-release is unknown");
    }

    @Test
    void badRegistryDocumentsDoNotCrashTheCollection() {
        registry.override("/maven-central/dev/sigstore/sigstore-java/maven-metadata.xml",
                n -> RecordedRegistry.Answer.of(200, "text/xml", "<metadata><versioning><versions><version>1.0"));
        registry.override("/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.pom",
                n -> RecordedRegistry.Answer.of(200, "text/xml", "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project>&x;</project>"));
        registry.override("/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json",
                n -> RecordedRegistry.Answer.of(200, "application/octet-stream", "{\"not\": \"a bundle\"}"));
        CollectedEvidence c = collectors.collect(purl("pkg:maven/dev.sigstore/sigstore-java@2.0.0"), Map.of());
        assertThat(c.problems()).anyMatch(p -> p.contains("not well-formed XML")).anyMatch(p -> p.contains("DOCTYPE"));
        assertThat(c.evidence().sigstore().value()).isFalse();
        assertThat(c.evidence().sigstore().detail()).contains("not a Sigstore bundle");
        assertThat(c.evidence().maintainers().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.facts()).isNull();
    }
}
