package dev.trustmap.scanner.sigstore;

import java.time.Instant;

/**
 * The outcome of verifying a Sigstore bundle against an artifact.
 *
 * @param verified       digest, certificate chain to the trusted root, signature, transparency-log
 *                       inclusion and (when asked) identity and issuer all check out
 * @param identity       the signing certificate's subject alternative name (workflow URI or e-mail), or null
 * @param issuer         the OIDC issuer recorded in the certificate, or null
 * @param logIndex       the transparency-log entry's index, or null
 * @param integratedTime when the entry was added to the log, or null
 * @param failure        why it did not verify (null when verified)
 */
public record SigstoreVerification(boolean verified, String identity, String issuer, Long logIndex, Instant integratedTime,
                                   String failure) {

    public String describe() {
        if (!verified) {
            return "does not verify: " + failure;
        }
        return "identity " + identity + ", issuer " + issuer + (logIndex == null ? "" : ", Rekor log index " + logIndex);
    }
}
