package dev.trustmap.policy.score;

import java.time.Instant;

/**
 * Everything the scoring model may look at for one package version. Popularity (stars,
 * downloads, dependents, forks, watchers) deliberately has no field here or anywhere in the
 * model's input: it is easy to game and says nothing about who can publish the next release.
 *
 * @param ecosystem           purl type ({@code maven}, {@code npm}, …)
 * @param sigstore            a Sigstore bundle verified for this artifact; value = verified (true/false), detail = identity and issuer
 * @param attestation         npm provenance attestation; value = it names the declared source repository
 * @param pgpSignature        a detached PGP signature is published (value true)
 * @param sourceRepository    the declared source repository URL
 * @param hashMatchesRegistry the SBOM's hash equals the registry's (false is a serious finding)
 * @param lastRelease         publication time of the package's newest release
 * @param releasesLastYear    number of releases in the 365 days before scoring
 * @param maintainers         number of people who can publish
 * @param publisherChange     when the publisher of this version differs from the previous one: the date of this version
 * @param deprecated          the registry marks it deprecated / relocated / yanked; detail says which
 * @param installScripts      npm install scripts present (preinstall/install/postinstall)
 * @param licenseChanged      the licence differs from the previous version's
 * @param released            when this version itself was published (informational: recency is the package's {@code lastRelease})
 */
public record PackageEvidence(
        String ecosystem,
        Signal<Boolean> sigstore,
        Signal<Boolean> attestation,
        Signal<Boolean> pgpSignature,
        Signal<String> sourceRepository,
        Signal<Boolean> hashMatchesRegistry,
        Signal<Instant> lastRelease,
        Signal<Integer> releasesLastYear,
        Signal<Integer> maintainers,
        Signal<Instant> publisherChange,
        Signal<Boolean> deprecated,
        Signal<Boolean> installScripts,
        Signal<Boolean> licenseChanged,
        Signal<Instant> released) {

    /** Evidence from a registry that does not date the version itself. */
    public PackageEvidence(String ecosystem, Signal<Boolean> sigstore, Signal<Boolean> attestation, Signal<Boolean> pgpSignature,
                           Signal<String> sourceRepository, Signal<Boolean> hashMatchesRegistry, Signal<Instant> lastRelease,
                           Signal<Integer> releasesLastYear, Signal<Integer> maintainers, Signal<Instant> publisherChange,
                           Signal<Boolean> deprecated, Signal<Boolean> installScripts, Signal<Boolean> licenseChanged) {
        this(ecosystem, sigstore, attestation, pgpSignature, sourceRepository, hashMatchesRegistry, lastRelease, releasesLastYear,
                maintainers, publisherChange, deprecated, installScripts, licenseChanged, Signal.unknown());
    }

    /** Nothing known at all: the worst, gap-only starting point. */
    public static PackageEvidence unknown(String ecosystem) {
        return new PackageEvidence(ecosystem, Signal.unknown(), Signal.unknown(), Signal.unknown(), Signal.unknown(),
                Signal.unknown(), Signal.unknown(), Signal.unknown(), Signal.unknown(), Signal.unknown(), Signal.unknown(),
                Signal.unknown(), Signal.unknown(), Signal.unknown());
    }
}
