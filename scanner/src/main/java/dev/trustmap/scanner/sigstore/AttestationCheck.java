package dev.trustmap.scanner.sigstore;

import java.time.Instant;

/**
 * The outcome of checking an in-toto attestation bundle.
 *
 * @param outcome        verified, failed (forged, tampered, for another artifact or another identity), or
 *                       not checkable offline (a format this verifier does not support)
 * @param identity       the signing certificate's subject alternative name, or null
 * @param issuer         the OIDC issuer recorded in the certificate, or null
 * @param logIndex       the transparency-log entry's index, or null
 * @param integratedTime when the entry was added to the log, or null
 * @param statement      the verified in-toto statement (JSON), only when verified
 * @param reason         why it failed or could not be checked (null when verified)
 */
public record AttestationCheck(Outcome outcome, String identity, String issuer, Long logIndex, Instant integratedTime,
                               String statement, String reason) {

    public enum Outcome {
        VERIFIED, FAILED, UNCHECKABLE
    }

    public boolean verified() {
        return outcome == Outcome.VERIFIED;
    }

    static AttestationCheck failed(String reason, String identity, String issuer, Long logIndex, Instant integrated) {
        return new AttestationCheck(Outcome.FAILED, identity, issuer, logIndex, integrated, null, reason);
    }

    static AttestationCheck uncheckable(String reason, String identity, String issuer, Long logIndex, Instant integrated) {
        return new AttestationCheck(Outcome.UNCHECKABLE, identity, issuer, logIndex, integrated, null, reason);
    }
}
