package dev.trustmap.policy.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: one row per signal, with the exact points and explanation it must produce. */
class ScoringModelTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String SRC = "https://registry.example/x";

    static <T> Signal<T> yes(T value) {
        return Signal.present(value, SRC, NOW, null);
    }

    static <T> Signal<T> no() {
        return Signal.absent(SRC, NOW);
    }

    /** A well-kept Maven package: Sigstore verified, repo declared, hash matches, active, two maintainers. */
    static PackageEvidence exemplary() {
        return new PackageEvidence("maven", Signal.present(true, SRC, NOW, "identity https://github.com/o/r/.github/workflows/release.yml"),
                no(), yes(true), yes("https://github.com/o/r"), yes(true), yes(NOW.minus(Duration.ofDays(30))), yes(6), yes(3),
                no(), yes(false), no(), yes(false));
    }

    static PackageEvidence with(UnaryOperator<Object[]> change) {
        PackageEvidence base = exemplary();
        RecordComponent[] components = PackageEvidence.class.getRecordComponents();
        Object[] values = Arrays.stream(components).map(c -> {
            try {
                return c.getAccessor().invoke(base);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toArray();
        values = change.apply(values);
        try {
            return PackageEvidence.class.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static UnaryOperator<Object[]> set(int index, Object value) {
        return v -> {
            v[index] = value;
            return v;
        };
    }

    static Stream<Arguments> signals() {
        return Stream.of(
                Arguments.of("exemplary", exemplary(), 100, 100, "A", "+45 Sigstore bundle verified (identity"),
                Arguments.of("sigstore does not verify", with(set(1, yes(false))), 75, 100, "A", "+0 Sigstore bundle present but does not verify"),
                Arguments.of("no sigstore, PGP only", with(set(1, no())), 75, 100, "A", "+20 PGP signature published"),
                Arguments.of("sigstore unknown is a gap", with(set(1, Signal.unknown())), 75, 100, "A", "+0 gap: sigstore is unknown"),
                Arguments.of("no source repository", with(set(4, no())), 85, 100, "A", "+0 no source repository declared"),
                Arguments.of("hash mismatch is F", with(set(5, yes(false))), 0, 100, "F", "-60 SBOM hash DIFFERS"),
                Arguments.of("stale mismatch still counts", with(set(5, Signal.stale(false, SRC, NOW))), 0, 100, "F", "-60 SBOM hash DIFFERS"),
                Arguments.of("old release", with(set(6, yes(NOW.minus(Duration.ofDays(500))))), 100, 100, "A",
                        "+40 no release since 2025-07-12; not a penalty by itself"),
                Arguments.of("finished", with(set(6, yes(NOW.minus(Duration.ofDays(1500))))), 100, 100, "A",
                        "+40 no release since 2022; not a penalty by itself"),
                Arguments.of("one release", with(set(7, yes(1))), 100, 100, "A", "+0 1 release(s) in the last year (informational)"),
                Arguments.of("this version's own date", with(set(13, yes(Instant.parse("2024-07-05T17:14:38Z")))), 100, 100, "A",
                        "+0 this version was released on 2024-07-05 (informational)"),
                Arguments.of("bus factor 1", with(set(8, yes(1))), 100, 85, "A", "+10 a single person can publish"),
                Arguments.of("recent publisher change", with(set(9, yes(NOW.minus(Duration.ofDays(10))))), 100, 65, "B", "-20 publisher changed on 2026-11-14"),
                Arguments.of("old publisher change", with(set(9, yes(NOW.minus(Duration.ofDays(400))))), 100, 85, "A", "+0 publisher changed on"),
                Arguments.of("deprecated is at best D", with(set(10, yes(true))), 100, 60, "D", "-30 deprecated"),
                Arguments.of("install scripts", with(set(11, yes(true))), 100, 80, "A", "-10 runs install scripts"),
                Arguments.of("licence changed", with(set(12, yes(true))), 100, 90, "A", "-10 licence changed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signals")
    void eachSignalScoresAndExplainsItself(String name, PackageEvidence evidence, int provenance, int health, String grade,
                                           String explanation) {
        TrustScore score = ScoringModel.score(evidence, NOW);
        assertThat(score.provenance()).as("provenance").isEqualTo(provenance);
        assertThat(score.maintainerHealth()).as("maintainer health").isEqualTo(health);
        assertThat(score.grade()).isEqualTo(grade);
        assertThat(score.explanations()).extracting(Explanation::toString).anySatisfy(line -> assertThat(line).startsWith(explanation));
        assertThat(score.modelVersion()).isEqualTo(ScoringModel.VERSION);
    }

    @Test
    void unknownEvidenceScoresBelowVerifiedAndIsListedAsGaps() {
        TrustScore unknown = ScoringModel.score(PackageEvidence.unknown("npm"), NOW);
        TrustScore verified = ScoringModel.score(exemplary(), NOW);
        assertThat(unknown.provenance()).isLessThan(verified.provenance()).isZero();
        assertThat(unknown.maintainerHealth()).isLessThan(verified.maintainerHealth());
        assertThat(unknown.grade()).isEqualTo("F");
        assertThat(unknown.gaps()).contains("attestation is unknown", "hash is unknown",
                "maintainers is unknown", "install-scripts is unknown");
        assertThat(unknown.gaps()).as("npm has no separate Sigstore bundle to ask for").doesNotContain("sigstore is unknown");
        assertThat(ScoringModel.score(PackageEvidence.unknown("maven"), NOW).gaps()).contains("sigstore is unknown", "pgp-signature is unknown");
        TrustScore stale = ScoringModel.score(with(set(8, Signal.stale(5, SRC, NOW.minus(Duration.ofDays(3))))), NOW);
        assertThat(stale.maintainerHealth()).as("stale evidence never earns points").isEqualTo(75);
        assertThat(stale.gaps()).anySatisfy(g -> assertThat(g).startsWith("maintainers is stale"));
    }

    @Test
    void npmProvenanceAttestationCountsLikeASignature() {
        PackageEvidence npm = new PackageEvidence("npm", no(), Signal.present(true, SRC, NOW, "github.com/o/r workflow release.yml"),
                no(), yes("https://github.com/o/r"), yes(true), yes(NOW), yes(10), yes(2), no(), yes(false), yes(false), yes(false));
        TrustScore score = ScoringModel.score(npm, NOW);
        assertThat(score.provenance()).isEqualTo(100);
        assertThat(score.explanations()).extracting(Explanation::toString)
                .contains("+45 provenance attestation verified for the declared repository (github.com/o/r workflow release.yml)");
    }

    @Test
    void anNpmAttestationThatDoesNotVerifyEarnsNothing() {
        PackageEvidence npm = new PackageEvidence("npm", no(), Signal.present(false, SRC, NOW, "does not verify: forged"),
                no(), yes("https://github.com/o/r"), yes(true), yes(NOW), yes(10), yes(2), no(), yes(false), yes(false), yes(false));
        TrustScore score = ScoringModel.score(npm, NOW);
        assertThat(score.provenance()).isEqualTo(55);
        assertThat(score.explanations()).extracting(Explanation::toString)
                .contains("+0 provenance attestation not accepted (does not verify: forged)");
    }

    @Test
    void popularityHasNoPlaceInTheModelsInput() {
        List<String> forbidden = List.of("star", "download", "dependent", "fork", "watcher", "popular", "usage", "rank");
        for (Class<?> type : List.of(PackageEvidence.class, Signal.class)) {
            for (RecordComponent component : type.getRecordComponents()) {
                String name = component.getName().toLowerCase(Locale.ROOT);
                assertThat(forbidden).noneMatch(name::contains);
            }
        }
        assertThat(Arrays.stream(ScoringModel.class.getMethods()).filter(m -> m.getName().equals("score")))
                .allSatisfy(m -> assertThat(m.getParameterTypes()).containsExactly(PackageEvidence.class, Instant.class));
    }
}
