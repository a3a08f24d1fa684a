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
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    /** SHA-512 of the real {@code @playwright/cli@0.1.1} tarball, the subject of its real provenance attestation. */
    static final String PLAYWRIGHT_SHA512 = "f64d7565f0f001f3150c322e1155b55afb3c4a80cd5c863574d43ef42f7f492f"
            + "199849647317acbb97a82fbbcd6bdea7b626d419aab54ccdaa428aaf765fc8f6";
    static final String PLAYWRIGHT = "pkg:npm/%40playwright/cli@0.1.1";
    static final String PLAYWRIGHT_DOC = "/npm/@playwright/cli";
    static final String PLAYWRIGHT_ATTESTATIONS = "/npm/-/npm/v1/attestations/@playwright/cli@0.1.1";

    @Test
    void aRealProvenanceAttestationIsVerifiedOfflineForTheDeclaredRepositoryAndTheTarball() {
        CollectedEvidence c = collectors.collect(purl(PLAYWRIGHT), Map.of("SHA-512", PLAYWRIGHT_SHA512));
        assertThat(c.problems()).isEmpty();
        assertThat(c.evidence().attestation().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().attestation().value()).isTrue();
        assertThat(c.evidence().attestation().detail()).isEqualTo("verified: built by "
                + "https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1 from "
                + "https://github.com/microsoft/playwright-cli, Rekor log index 953297574");
        assertThat(c.evidence().attestation().source()).endsWith(PLAYWRIGHT_ATTESTATIONS.substring(4).replace("/cli", "%2fcli"));
        assertThat(c.evidence().hashMatchesRegistry().value()).isTrue();
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("+45 provenance attestation verified for the declared repository"));
        assertThat(score.provenance()).isEqualTo(100);
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .doesNotContain(TrustEventKind.PROVENANCE_INVALID);
    }

    /** The real attestation document with one change; each change must make the attestation worthless. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> tamperings() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("the statement names another tarball",
                        (java.util.function.UnaryOperator<ObjectNode>) d -> {
                            ObjectNode envelope = (ObjectNode) slsa(d).path("dsseEnvelope");
                            String statement = new String(Base64.getDecoder().decode(envelope.path("payload").asText()), StandardCharsets.UTF_8);
                            envelope.put("payload", Base64.getEncoder().encodeToString(
                                    statement.replace(PLAYWRIGHT_SHA512, "00" + PLAYWRIGHT_SHA512.substring(2)).getBytes(StandardCharsets.UTF_8)));
                            return d;
                        }, "the envelope's signature does not verify"),
                org.junit.jupiter.params.provider.Arguments.of("a flipped signature byte",
                        (java.util.function.UnaryOperator<ObjectNode>) d -> {
                            ObjectNode sig = (ObjectNode) slsa(d).path("dsseEnvelope").path("signatures").get(0);
                            byte[] b = Base64.getDecoder().decode(sig.path("sig").asText());
                            b[b.length - 3] ^= 1;
                            sig.put("sig", Base64.getEncoder().encodeToString(b));
                            return d;
                        }, "signature"),
                org.junit.jupiter.params.provider.Arguments.of("a certificate that Fulcio never issued",
                        (java.util.function.UnaryOperator<ObjectNode>) d -> {
                            ObjectNode cert = (ObjectNode) slsa(d).path("verificationMaterial").path("certificate");
                            byte[] der = Base64.getDecoder().decode(cert.path("rawBytes").asText());
                            der[der.length - 10] ^= 1; // inside the issuer's signature over the certificate
                            cert.put("rawBytes", Base64.getEncoder().encodeToString(der));
                            return d;
                        }, "does not chain to the trusted root"),
                org.junit.jupiter.params.provider.Arguments.of("an inclusion proof for another tree",
                        (java.util.function.UnaryOperator<ObjectNode>) d -> {
                            ObjectNode proof = (ObjectNode) slsa(d).path("verificationMaterial").path("tlogEntries").get(0).path("inclusionProof");
                            byte[] root = Base64.getDecoder().decode(proof.path("rootHash").asText());
                            root[0] ^= 1;
                            proof.put("rootHash", Base64.getEncoder().encodeToString(root));
                            return d;
                        }, "the transparency-log entry does not verify"),
                org.junit.jupiter.params.provider.Arguments.of("not a Sigstore bundle at all",
                        (java.util.function.UnaryOperator<ObjectNode>) d -> {
                            ((ObjectNode) slsa(d)).remove("verificationMaterial");
                            return d;
                        }, "not a Sigstore bundle"));
    }

    static JsonNode slsa(ObjectNode document) {
        for (JsonNode a : document.path("attestations")) {
            if (a.path("predicateType").asText().startsWith("https://slsa.dev/provenance/")) {
                return a.path("bundle");
            }
        }
        throw new AssertionError("no SLSA attestation in the fixture");
    }

    static ObjectNode resourceJson(String path) {
        try (var in = NpmCollectorTest.class.getResourceAsStream(path)) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void aForgedOrTamperedAttestationEarnsNothingAndRaisesATrustEvent(String what, java.util.function.UnaryOperator<ObjectNode> tamper,
                                                                       String reason) {
        ObjectNode tampered = tamper.apply(resourceJson("/registry/npm/attestations/@playwright__cli@0.1.1.json"));
        registry.override(PLAYWRIGHT_ATTESTATIONS, n -> RecordedRegistry.Answer.of(200, "application/json", tampered.toString()));
        assertForged(collectors.collect(purl(PLAYWRIGHT), Map.of("SHA-512", PLAYWRIGHT_SHA512)), reason);
    }

    @Test
    void anAttestationForAnotherTarballOrByAnotherRepositorysWorkflowEarnsNothing() {
        // the registry's document says the tarball is another one: the statement's subject is not it
        ObjectNode otherTarball = resourceJson("/registry/npm/@playwright__cli.json");
        ObjectNode dist = (ObjectNode) otherTarball.path("versions").path("0.1.1").path("dist");
        dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(fixtureSha512())));
        registry.override(PLAYWRIGHT_DOC, n -> RecordedRegistry.Answer.of(200, "application/json", otherTarball.toString()));
        assertForged(collectors.collect(purl(PLAYWRIGHT), Map.of()), "the attestation is for another artifact: it names "
                + "pkg:npm/%40playwright/cli@0.1.1 sha512 f64d7565f0f001f3…");

        // a package that claims another repository cannot borrow that repository's signed provenance
        ObjectNode otherRepository = resourceJson("/registry/npm/@playwright__cli.json");
        ((ObjectNode) otherRepository.path("versions").path("0.1.1").path("repository")).put("url", "git+https://github.com/evil-org/playwright-cli.git");
        registry.override(PLAYWRIGHT_DOC, n -> RecordedRegistry.Answer.of(200, "application/json", otherRepository.toString()));
        assertForged(uncached().collect(purl(PLAYWRIGHT), Map.of()), "signed by the workflow "
                + "https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1, which is not a workflow of "
                + "the declared repository https://github.com/evil-org/playwright-cli");
    }

    @Test
    void aConstructedAttestationWithoutValidSignaturesEarnsNothing() {
        CollectedEvidence c = collectors.collect(purl("pkg:npm/tm-fixture-provenance@2.1.0"), Map.of("SHA-512", fixtureSha512()));
        assertThat(c.evidence().attestation().source()).endsWith("/-/npm/v1/attestations/tm-fixture-provenance@2.1.0");
        assertForged(c, "not a Sigstore bundle");
        // its registry signature is made up too
        assertThat(c.items()).anyMatch(i -> i.signal().equals("registry-signature") && i.state().equals("present")
                && i.value().startsWith("false (the registry signature with key SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U does not verify"));
    }

    @Test
    void anAttestationThatCannotBeCheckedOfflineIsAGapNotAPointOrAnEvent() {
        // the log entry kind npm wrote before 2024 (intoto 0.0.2), which sigstore-java cannot check
        ObjectNode old = resourceJson("/registry/npm/attestations/@playwright__cli@0.1.1.json");
        ObjectNode entry = (ObjectNode) slsa(old).path("verificationMaterial").path("tlogEntries").get(0);
        String body = new String(Base64.getDecoder().decode(entry.path("canonicalizedBody").asText()), StandardCharsets.UTF_8);
        assertThat(body).contains("\"kind\":\"dsse\"");
        entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(body.replace("\"kind\":\"dsse\"", "\"kind\":\"intoto\"")
                .replace("\"apiVersion\":\"0.0.1\"", "\"apiVersion\":\"0.0.2\"").getBytes(StandardCharsets.UTF_8)));
        ((ObjectNode) entry.path("kindVersion")).put("kind", "intoto").put("version", "0.0.2");
        registry.override(PLAYWRIGHT_ATTESTATIONS, n -> RecordedRegistry.Answer.of(200, "application/json", old.toString()));
        CollectedEvidence c = collectors.collect(purl(PLAYWRIGHT), Map.of("SHA-512", PLAYWRIGHT_SHA512));
        assertThat(c.evidence().attestation().state()).isEqualTo(EvidenceState.UNKNOWN);
        assertThat(c.evidence().attestation().detail()).isEqualTo("cannot be checked: transparency-log entries of kind intoto:0.0.2 are not supported");
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.gaps()).contains("attestation is unknown");
        assertThat(TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .doesNotContain(TrustEventKind.PROVENANCE_INVALID);
    }

    /** Collectors with an empty cache, so a changed registry answer is seen at once. */
    private EvidenceCollectors uncached() {
        return CollectorFixtures.collectors(registry, new MemoryHttpCache());
    }

    private static void assertForged(CollectedEvidence c, String reason) {
        assertThat(c.evidence().attestation().state()).isEqualTo(EvidenceState.PRESENT);
        assertThat(c.evidence().attestation().value()).isFalse();
        assertThat(c.evidence().attestation().detail()).startsWith("does not verify: ").contains(reason);
        TrustScore score = ScoringModel.score(c.evidence(), NOW);
        assertThat(score.explanations()).anyMatch(e -> e.toString().startsWith("+0 provenance attestation not accepted (does not verify: "));
        assertThat(score.explanations()).noneMatch(e -> e.signal().equals("attestation") && e.points() > 0);
        List<TrustEvent> events = TrustEventRules.derive(null, c.facts(), NOW, Duration.ofDays(30));
        assertThat(events).filteredOn(e -> e.kind() == TrustEventKind.PROVENANCE_INVALID).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("provenance attestation").contains(reason));
    }

    @Test
    void registrySignaturesAreVerifiedAgainstTheRegistrysKeys() {
        CollectedEvidence good = collectors.collect(purl("pkg:npm/%40anthropic-ai/claude-code@2.1.97"), Map.of());
        assertThat(good.items()).anyMatch(i -> i.signal().equals("registry-signature") && i.state().equals("present")
                && i.value().equals("true (registry signature verified with key SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U)"));
        assertThat(TrustEventRules.derive(null, good.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .doesNotContain(TrustEventKind.PROVENANCE_INVALID);

        // 2.1.98's real signature moved onto 2.1.97: a signature, but not of this version's integrity
        ObjectNode swapped = resourceJson("/registry/npm/@anthropic-ai__claude-code.json");
        JsonNode sig98 = swapped.path("versions").path("2.1.98").path("dist").path("signatures");
        ((ObjectNode) swapped.path("versions").path("2.1.97").path("dist")).set("signatures", sig98.deepCopy());
        registry.override("/npm/@anthropic-ai/claude-code", n -> RecordedRegistry.Answer.of(200, "application/json", swapped.toString()));
        CollectedEvidence forged = uncached().collect(purl("pkg:npm/%40anthropic-ai/claude-code@2.1.97"), Map.of());
        assertThat(forged.items()).anyMatch(i -> i.signal().equals("registry-signature") && i.state().equals("present")
                && i.value().startsWith("false (the registry signature with key SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U does not verify"));
        assertThat(TrustEventRules.derive(null, forged.facts(), NOW, Duration.ofDays(30)))
                .filteredOn(e -> e.kind() == TrustEventKind.PROVENANCE_INVALID).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("the registry signature of @anthropic-ai/claude-code@2.1.97 does not verify"));

        // signed with a key nobody published: unknown, never good, no event
        ObjectNode unknownKey = resourceJson("/registry/npm/@anthropic-ai__claude-code.json");
        ((ObjectNode) unknownKey.path("versions").path("2.1.97").path("dist").path("signatures").get(0)).put("keyid", "SHA256:someone-else");
        registry.override("/npm/@anthropic-ai/claude-code", n -> RecordedRegistry.Answer.of(200, "application/json", unknownKey.toString()));
        CollectedEvidence unknown = uncached().collect(purl("pkg:npm/%40anthropic-ai/claude-code@2.1.97"), Map.of());
        assertThat(unknown.items()).anyMatch(i -> i.signal().equals("registry-signature") && i.state().equals("unknown"));
        assertThat(TrustEventRules.derive(null, unknown.facts(), NOW, Duration.ofDays(30))).extracting(TrustEvent::kind)
                .doesNotContain(TrustEventKind.PROVENANCE_INVALID);
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
