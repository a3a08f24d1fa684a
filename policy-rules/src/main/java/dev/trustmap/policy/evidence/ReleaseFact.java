package dev.trustmap.policy.evidence;

import java.time.Instant;

/**
 * What a registry says about one release of a package. Every field may be null when the
 * registry does not say (a Maven POM has no publisher; npm has no PGP).
 *
 * @param version        the version string
 * @param publishedAt    release time
 * @param publisher      who published it (npm {@code _npmUser}); null when the registry does not tell
 * @param signed         a Sigstore bundle / provenance attestation is published for it
 * @param installScripts npm {@code preinstall}/{@code install}/{@code postinstall} present
 * @param license        the declared licence expression
 * @param deprecated     the registry marks it deprecated (npm) or relocated (Maven)
 * @param provenanceProblem why a signature or attestation published for it does not verify (forged,
 *                       tampered, for another artifact, by another repository's workflow); null when
 *                       none failed or nothing was checked. Only the inventory version is checked.
 */
public record ReleaseFact(String version, Instant publishedAt, String publisher, Boolean signed,
                          Boolean installScripts, String license, Boolean deprecated, String provenanceProblem) {

    /** A release whose signatures were not checked. */
    public ReleaseFact(String version, Instant publishedAt, String publisher, Boolean signed, Boolean installScripts, String license,
                       Boolean deprecated) {
        this(version, publishedAt, publisher, signed, installScripts, license, deprecated, null);
    }
}
