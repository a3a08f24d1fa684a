package dev.trustmap.policy.score;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The trust scoring model, version {@value #VERSION}. Pure: evidence in, score out.
 *
 * <p>Provenance (0–100): a verified Sigstore bundle, or an npm provenance attestation verified
 * offline (Sigstore certificate, signature and transparency log; signed by a workflow of the declared
 * repository; its subject is the tarball) +45 — an attestation that does not verify earns nothing —
 * (a PGP signature alone +20); a declared source repository +15; the
 * registry's hash equals the SBOM's +40 (a mismatch −60 and the grade is F).
 *
 * <p>Maintainer health (0–100): activity +40 — a package is not punished for being finished: the newest
 * release's age alone costs nothing ("no release since 2019; not a penalty by itself"); only dormancy (no
 * release for two years) together with another risk ({@link #otherRisks}) scores 0; releases in the last
 * year and this version's own release date are shown, for information; two or more people who can publish +25 (one +10);
 * no publisher change +15, a publisher change in the last 90 days −20; not deprecated +10
 * (deprecated −30 and the grade is at best D); no install scripts +10 (install scripts −10); licence
 * unchanged +0, changed −10.
 *
 * <p>Version 2026.12-1: age alone is informational (was: a release in the last 12 months +25, 24 months +10,
 * four or more releases in the last year +15, at least one +8); dormancy counts only with another risk.
 * npm provenance attestations are verified, not read: one that does not verify earns nothing (was +10
 * for an attestation that did not name the declared repository).
 *
 * <p>Version 2026.11-2: npm packages are not asked for a separate Sigstore bundle (their
 * Sigstore-backed provenance is the attestation), so its absence is no longer listed as a gap.
 *
 * <p>Unknown or stale evidence earns nothing and is listed as a gap. The grade comes from the mean
 * of the two scores: A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, else F.
 */
public final class ScoringModel {
    public static final String VERSION = "2026.12-1";
    /** No release for this long is dormancy; it costs points only together with another risk ({@link #otherRisks}). */
    static final int DORMANT_DAYS = 730;
    static final String PROVENANCE = "provenance";
    static final String HEALTH = "maintainer-health";

    private ScoringModel() {
    }

    public static TrustScore score(PackageEvidence e, Instant now) {
        List<Explanation> lines = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        Tally provenance = new Tally(PROVENANCE, lines, gaps);
        Tally health = new Tally(HEALTH, lines, gaps);

        boolean signed = false;
        if (e.sigstore().isPresent() && Boolean.TRUE.equals(e.sigstore().value())) {
            provenance.add("sigstore", 45, "Sigstore bundle verified" + detail(e.sigstore()), e.sigstore());
            signed = true;
        } else if (e.sigstore().state() == EvidenceState.PRESENT) {
            provenance.add("sigstore", 0, "Sigstore bundle present but does not verify" + detail(e.sigstore()), e.sigstore());
        } else if (!"npm".equals(e.ecosystem())) {
            // npm's Sigstore-backed provenance is the attestation below; there is no separate bundle to look for
            provenance.known("sigstore", e.sigstore(), "no Sigstore bundle published");
        }
        if (!signed && e.attestation().isPresent() && Boolean.TRUE.equals(e.attestation().value())) {
            provenance.add("attestation", 45, "provenance attestation verified for the declared repository" + detail(e.attestation()),
                    e.attestation());
            signed = true;
        } else if (e.attestation().isPresent()) {
            // forged, tampered, for another artifact or another repository's workflow: earns nothing
            provenance.add("attestation", 0, "provenance attestation not accepted" + detail(e.attestation()), e.attestation());
        } else if (!signed && "npm".equals(e.ecosystem())) {
            provenance.known("attestation", e.attestation(), "no provenance attestation");
        }
        if (!signed && e.pgpSignature().isPresent() && Boolean.TRUE.equals(e.pgpSignature().value())) {
            provenance.add("pgp-signature", 20, "PGP signature published (signature only, no identity binding)", e.pgpSignature());
        } else if (!signed && "maven".equals(e.ecosystem())) {
            provenance.known("pgp-signature", e.pgpSignature(), "no PGP signature published");
        }
        if (e.sourceRepository().isPresent() && e.sourceRepository().value() != null && !e.sourceRepository().value().isBlank()) {
            provenance.add("source-repository", 15, "declares its source repository " + e.sourceRepository().value(), e.sourceRepository());
        } else {
            provenance.known("source-repository", e.sourceRepository(), "no source repository declared");
        }
        boolean hashMismatch = false;
        if (e.hashMatchesRegistry().presentOrStale() && Boolean.FALSE.equals(e.hashMatchesRegistry().value())) {
            provenance.add("hash", -60, "SBOM hash DIFFERS from the registry's (the shipped artifact is not the published one)",
                    e.hashMatchesRegistry());
            hashMismatch = true;
        } else if (e.hashMatchesRegistry().isPresent()) {
            if (Boolean.TRUE.equals(e.hashMatchesRegistry().value())) {
                provenance.add("hash", 40, "SBOM hash matches the registry's", e.hashMatchesRegistry());
            } else {
                provenance.add("hash", -60, "SBOM hash DIFFERS from the registry's (the shipped artifact is not the published one)",
                        e.hashMatchesRegistry());
                hashMismatch = true;
            }
        } else {
            provenance.known("hash", e.hashMatchesRegistry(), "no registry hash to compare");
        }

        List<String> risks = otherRisks(e);
        if (e.lastRelease().isPresent() && e.lastRelease().value() != null) {
            long days = Duration.between(e.lastRelease().value(), now).toDays();
            String when = date(e.lastRelease().value());
            String which = e.lastRelease().detail();
            String newest = which == null ? "" : " (newest: " + which + ")";
            if (days <= 365) {
                health.add("last-release", 40, "released within the last 12 months (" + when + (which == null ? "" : ", " + which) + ")",
                        e.lastRelease());
            } else if (days <= DORMANT_DAYS || risks.isEmpty()) {
                health.add("last-release", 40, "no release since " + (days <= DORMANT_DAYS ? when : year(e.lastRelease().value()))
                        + "; not a penalty by itself" + newest, e.lastRelease());
            } else {
                health.add("last-release", 0, "no release since " + year(e.lastRelease().value()) + " and " + String.join(", ", risks)
                        + ": dormant with another risk" + newest, e.lastRelease());
            }
        } else {
            health.known("last-release", e.lastRelease(), "no release date");
        }
        if (e.releasesLastYear().isPresent() && e.releasesLastYear().value() != null) {
            health.add("release-cadence", 0, e.releasesLastYear().value() + " release(s) in the last year (informational)"
                    + detail(e.releasesLastYear()), e.releasesLastYear());
        } else {
            health.known("release-cadence", e.releasesLastYear(), "no release history");
        }
        if (e.released().presentOrStale() && e.released().value() != null) {
            health.add("version-released", 0, "this version was released on " + date(e.released().value()) + " (informational)",
                    e.released());
        }
        if (e.maintainers().isPresent() && e.maintainers().value() != null) {
            int n = e.maintainers().value();
            health.add("maintainers", n >= 2 ? 25 : n == 1 ? 10 : 0,
                    n == 1 ? "a single person can publish (bus factor 1)" : n + " people can publish", e.maintainers());
        } else {
            health.known("maintainers", e.maintainers(), "maintainers unknown");
        }
        if (e.publisherChange().presentOrStale() && e.publisherChange().value() != null) {
            Instant changed = e.publisherChange().value();
            boolean recent = Duration.between(changed, now).toDays() <= 90;
            health.add("publisher-change", recent ? -20 : 0, "publisher changed on " + date(changed) + detail(e.publisherChange()),
                    e.publisherChange());
        } else if (e.publisherChange().state() == EvidenceState.ABSENT) {
            health.add("publisher-change", 15, "same publisher as the previous version", e.publisherChange());
        } else {
            health.known("publisher-change", e.publisherChange(), "publisher history unknown");
        }
        boolean deprecated = false;
        if (e.deprecated().presentOrStale() && Boolean.TRUE.equals(e.deprecated().value())) {
            health.add("deprecated", -30, "deprecated" + detail(e.deprecated()), e.deprecated());
            deprecated = true;
        } else if (e.deprecated().state().known()) {
            health.add("deprecated", 10, "not deprecated", e.deprecated());
        } else {
            health.known("deprecated", e.deprecated(), "deprecation status unknown");
        }
        if (e.installScripts().presentOrStale() && Boolean.TRUE.equals(e.installScripts().value())) {
            health.add("install-scripts", -10, "runs install scripts" + detail(e.installScripts()), e.installScripts());
        } else if (e.installScripts().state().known()) {
            health.add("install-scripts", 10, "no install scripts", e.installScripts());
        } else if ("npm".equals(e.ecosystem())) {
            health.known("install-scripts", e.installScripts(), "install scripts unknown");
        } else {
            health.add("install-scripts", 10, "no install scripts (not an npm package)", e.installScripts());
        }
        if (e.licenseChanged().presentOrStale() && Boolean.TRUE.equals(e.licenseChanged().value())) {
            health.add("license-change", -10, "licence changed from the previous version" + detail(e.licenseChanged()), e.licenseChanged());
        }

        int p = clamp(provenance.points);
        int h = clamp(health.points);
        String grade = grade((p + h) / 2.0);
        if (hashMismatch) {
            grade = "F";
        } else if (deprecated && grade.compareTo("D") < 0) {
            grade = "D";
        }
        return new TrustScore(p, h, grade, List.copyOf(lines), List.copyOf(gaps), VERSION);
    }

    /**
     * The risks that make dormancy count (each one known bad news; unknown evidence is a gap, never a risk): deprecated;
     * provenance not verified (no verified Sigstore bundle or attestation and no PGP signature, and the registry's hash is
     * known not to match the SBOM's or the registry publishes none — an SBOM without a hash leaves it a gap); a publisher
     * change of this version; a single person who can publish (bus factor 1); npm install scripts.
     */
    static List<String> otherRisks(PackageEvidence e) {
        List<String> risks = new ArrayList<>();
        if (e.deprecated().presentOrStale() && Boolean.TRUE.equals(e.deprecated().value())) {
            risks.add("deprecated");
        }
        boolean verified = Stream.of(e.sigstore(), e.attestation(), e.pgpSignature(), e.hashMatchesRegistry())
                .anyMatch(s -> s.isPresent() && Boolean.TRUE.equals(s.value()));
        Signal<Boolean> hash = e.hashMatchesRegistry();
        boolean hashFails = hash.state() == EvidenceState.ABSENT || (hash.presentOrStale() && Boolean.FALSE.equals(hash.value()));
        if (!verified && hashFails) {
            risks.add("provenance not verified");
        }
        if (e.publisherChange().presentOrStale() && e.publisherChange().value() != null) {
            risks.add("publisher changed");
        }
        if (e.maintainers().presentOrStale() && Integer.valueOf(1).equals(e.maintainers().value())) {
            risks.add("a single person can publish");
        }
        if (e.installScripts().presentOrStale() && Boolean.TRUE.equals(e.installScripts().value())) {
            risks.add("runs install scripts");
        }
        return List.copyOf(risks);
    }

    static String grade(double mean) {
        if (mean >= 85) {
            return "A";
        }
        if (mean >= 70) {
            return "B";
        }
        if (mean >= 55) {
            return "C";
        }
        return mean >= 40 ? "D" : "F";
    }

    private static int clamp(int points) {
        return Math.max(0, Math.min(100, points));
    }

    private static String detail(Signal<?> s) {
        return s.detail() == null ? "" : " (" + s.detail() + ")";
    }

    private static String year(Instant instant) {
        return String.valueOf(LocalDate.ofInstant(instant, ZoneOffset.UTC).getYear());
    }

    private static String date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** Points and explanation lines of one dimension. */
    private static final class Tally {
        final String dimension;
        final List<Explanation> lines;
        final List<String> gaps;
        int points;

        Tally(String dimension, List<Explanation> lines, List<String> gaps) {
            this.dimension = dimension;
            this.lines = lines;
            this.gaps = gaps;
        }

        void add(String signal, int value, String text, Signal<?> evidence) {
            points += value;
            lines.add(new Explanation(dimension, signal, value, text, evidence.source()));
        }

        /** Absent evidence explains a zero; unknown or stale evidence is a gap. */
        void known(String signal, Signal<?> evidence, String absentText) {
            if (evidence.state() == EvidenceState.ABSENT) {
                lines.add(new Explanation(dimension, signal, 0, absentText, evidence.source()));
            } else {
                String gap = signal + (evidence.state() == EvidenceState.STALE
                        ? " is stale (last fetched " + evidence.fetchedAt() + ")" : " is unknown");
                gaps.add(gap);
                lines.add(new Explanation(dimension, signal, 0, "gap: " + gap, evidence.source()));
            }
        }
    }
}
