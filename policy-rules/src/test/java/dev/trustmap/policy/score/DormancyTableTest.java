package dev.trustmap.policy.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finished, abandoned and active packages (model 2026.12-1): age alone is informational, dormancy
 * (no release for two years) costs the activity points only together with another risk. Golden rows:
 * scores, grade and the exact activity line.
 */
class DormancyTableTest {
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    static final String SRC = "https://registry.npmjs.org/unpipe";
    static final Instant UNPIPE_1_0_0 = Instant.parse("2015-06-14T20:12:54Z");

    static <T> Signal<T> yes(T value) {
        return Signal.present(value, SRC, NOW, null);
    }

    static <T> Signal<T> no() {
        return Signal.absent(SRC, NOW);
    }

    static <T> Signal<T> unknown() {
        return Signal.unknown();
    }

    /** One row's evidence: what varies between finished, abandoned and active packages. */
    record Pkg(String ecosystem, Signal<Boolean> sigstore, Signal<Boolean> pgp, Signal<Boolean> hash, Instant lastRelease,
               Signal<Integer> maintainers, Signal<Instant> publisherChange, Signal<Boolean> deprecated, Signal<Boolean> scripts) {

        /** unpipe@1.0.0 as npm has it: one release in 2015, registry hash matches, two maintainers, nothing else wrong. */
        static Pkg unpipe() {
            return new Pkg("npm", no(), no(), yes(true), UNPIPE_1_0_0, yes(2), no(), yes(false), yes(false));
        }

        Pkg released(Instant when) {
            return new Pkg(ecosystem, sigstore, pgp, hash, when, maintainers, publisherChange, deprecated, scripts);
        }

        Pkg withMaintainers(Signal<Integer> m) {
            return new Pkg(ecosystem, sigstore, pgp, hash, lastRelease, m, publisherChange, deprecated, scripts);
        }

        Pkg withHash(Signal<Boolean> h) {
            return new Pkg(ecosystem, sigstore, pgp, h, lastRelease, maintainers, publisherChange, deprecated, scripts);
        }

        Pkg deprecate() {
            return new Pkg(ecosystem, sigstore, pgp, hash, lastRelease, maintainers, publisherChange, yes(true), scripts);
        }

        Pkg publisherChanged(Instant when) {
            return new Pkg(ecosystem, sigstore, pgp, hash, lastRelease, maintainers, yes(when), deprecated, scripts);
        }

        Pkg installScripts() {
            return new Pkg(ecosystem, sigstore, pgp, hash, lastRelease, maintainers, publisherChange, deprecated, yes(true));
        }

        Pkg maven(Signal<Boolean> pgpSignature) {
            return new Pkg("maven", no(), pgpSignature, hash, lastRelease, maintainers, publisherChange, deprecated, no());
        }

        PackageEvidence evidence() {
            boolean recent = lastRelease.isAfter(NOW.minus(Duration.ofDays(365)));
            return new PackageEvidence(ecosystem, sigstore, "npm".equals(ecosystem) ? no() : unknown(), pgp,
                    yes("https://github.com/stream-utils/unpipe"), hash, yes(lastRelease), yes(recent ? 5 : 0), maintainers,
                    publisherChange, deprecated, scripts, yes(false), yes(lastRelease));
        }
    }

    static Stream<Arguments> packages() {
        Instant monthAgo = NOW.minus(Duration.ofDays(30));
        Instant eighteenMonths = NOW.minus(Duration.ofDays(540));
        return Stream.of(
                // finished: old, otherwise healthy — never F for age alone
                Arguments.of("finished: unpipe@1.0.0", Pkg.unpipe(), 55, 100, "B",
                        "+40 no release since 2015; not a penalty by itself"),
                Arguments.of("finished with unknown maintainers and publisher", Pkg.unpipe().withMaintainers(unknown()), 55, 75, "C",
                        "+40 no release since 2015; not a penalty by itself"),
                Arguments.of("finished, provenance merely unknown (no hash to compare)", Pkg.unpipe().withHash(unknown()), 15, 100, "C",
                        "+40 no release since 2015; not a penalty by itself"),
                Arguments.of("finished Maven package signed with PGP only", Pkg.unpipe().maven(yes(true)).withHash(unknown()), 35, 100, "C",
                        "+40 no release since 2015; not a penalty by itself"),
                Arguments.of("quiet for 18 months and deprecated: not dormant yet", Pkg.unpipe().released(eighteenMonths).deprecate(),
                        55, 60, "D", "+40 no release since 2025-06-13; not a penalty by itself"),
                // abandoned: dormant together with another risk
                Arguments.of("abandoned: dormant and deprecated", Pkg.unpipe().deprecate(), 55, 20, "F",
                        "+0 no release since 2015 and deprecated: dormant with another risk"),
                Arguments.of("abandoned: dormant, a single person can publish", Pkg.unpipe().withMaintainers(yes(1)), 55, 45, "D",
                        "+0 no release since 2015 and a single person can publish: dormant with another risk"),
                Arguments.of("abandoned: dormant, nothing verifies the artifact", Pkg.unpipe().withHash(no()), 15, 60, "F",
                        "+0 no release since 2015 and provenance not verified: dormant with another risk"),
                Arguments.of("abandoned: dormant Maven package, no signature, no registry checksum", Pkg.unpipe().maven(no()).withHash(no()),
                        15, 60, "F", "+0 no release since 2015 and provenance not verified: dormant with another risk"),
                Arguments.of("finished Maven package without signature, SBOM without hash: a gap, not a risk",
                        Pkg.unpipe().maven(no()).withHash(unknown()), 15, 100, "C", "+40 no release since 2015; not a penalty by itself"),
                Arguments.of("abandoned: dormant after a publisher change", Pkg.unpipe().publisherChanged(UNPIPE_1_0_0), 55, 45, "D",
                        "+0 no release since 2015 and publisher changed: dormant with another risk"),
                Arguments.of("abandoned: dormant with install scripts and one maintainer", Pkg.unpipe().installScripts().withMaintainers(yes(1)),
                        55, 25, "D", "+0 no release since 2015 and a single person can publish, runs install scripts: dormant with another risk"),
                // active
                Arguments.of("active", Pkg.unpipe().released(monthAgo), 55, 100, "B", "+40 released within the last 12 months (2026-11-05)"),
                Arguments.of("active, a single person can publish", Pkg.unpipe().released(monthAgo).withMaintainers(yes(1)), 55, 85, "B",
                        "+40 released within the last 12 months (2026-11-05)"),
                Arguments.of("active but deprecated", Pkg.unpipe().released(monthAgo).deprecate(), 55, 60, "D",
                        "+40 released within the last 12 months (2026-11-05)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void dormancyCountsOnlyWithAnotherRisk(String name, Pkg pkg, int provenance, int health, String grade, String activityLine) {
        TrustScore score = ScoringModel.score(pkg.evidence(), NOW);
        assertThat(score.provenance()).as("provenance").isEqualTo(provenance);
        assertThat(score.maintainerHealth()).as("maintainer health").isEqualTo(health);
        assertThat(score.grade()).as("grade").isEqualTo(grade);
        assertThat(score.explanations()).filteredOn(e -> e.signal().equals("last-release")).singleElement()
                .satisfies(e -> assertThat(e.toString()).isEqualTo(activityLine));
        assertThat(score.explanations()).filteredOn(e -> e.signal().equals("release-cadence")).singleElement()
                .satisfies(e -> assertThat(e.points()).as("cadence is informational").isZero());
        assertThat(score.modelVersion()).isEqualTo("2026.12-1");
    }

    @Test
    void ageAloneNeverCostsAPoint() {
        for (int years = 0; years <= 12; years++) {
            Pkg pkg = Pkg.unpipe().released(NOW.minus(Duration.ofDays(365L * years + 1)));
            assertThat(ScoringModel.score(pkg.evidence(), NOW).maintainerHealth()).as(years + " years").isEqualTo(100);
        }
    }

    @Test
    void unknownEvidenceIsAGapNotARisk() {
        PackageEvidence allUnknown = PackageEvidence.unknown("npm");
        PackageEvidence dormant = new PackageEvidence("npm", unknown(), unknown(), unknown(), unknown(), unknown(), yes(UNPIPE_1_0_0),
                unknown(), unknown(), unknown(), unknown(), unknown(), unknown());
        assertThat(ScoringModel.otherRisks(allUnknown)).isEmpty();
        assertThat(ScoringModel.score(dormant, NOW).explanations()).filteredOn(e -> e.signal().equals("last-release"))
                .extracting(Explanation::points).containsExactly(40);
    }
}
