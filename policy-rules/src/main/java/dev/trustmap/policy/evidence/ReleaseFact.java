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
 */
public record ReleaseFact(String version, Instant publishedAt, String publisher, Boolean signed,
                          Boolean installScripts, String license, Boolean deprecated) {
}
