package dev.trustmap.scanner.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorTypeException;
import dev.sigstore.rekor.client.RekorTypes;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.rekor.dsse.v0_0_1.Dsse;
import dev.sigstore.rekor.dsse.v0_0_1.PayloadHash;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Verifies in-toto attestations in Sigstore bundles offline, with sigstore-java's own parts: the
 * bundle parser, the Fulcio certificate-chain and SCT check ({@link FulcioVerifier}) and the
 * transparency-log check ({@link RekorVerifier}: inclusion proof, signed checkpoint, signed entry
 * timestamp), against the trusted root.
 *
 * <p>Why not {@code KeylessVerifier}: in sigstore-java (2.0 to 2.2) it matches a DSSE statement's
 * subjects by SHA-256 only, and npm's provenance statements name the tarball by SHA-512 (the
 * registry's {@code integrity}). So this class composes the same steps KeylessVerifier takes for a
 * DSSE bundle — certificate to the trusted root, identity, the envelope's signature by the
 * certificate's key, the log entry being that envelope's, the log entry's proofs, the signature made
 * while the certificate was valid — and matches the subject by the digest algorithm asked for. The
 * only code of our own is that comparison and the DSSE pre-authentication encoding (in bytes, as the
 * DSSE specification defines it).
 */
final class AttestationVerifier {
    static final String IN_TOTO = "application/vnd.in-toto+json";

    private final FulcioVerifier fulcio;
    private final RekorVerifier rekor;
    private final ObjectMapper json = new ObjectMapper();

    private AttestationVerifier(FulcioVerifier fulcio, RekorVerifier rekor) {
        this.fulcio = fulcio;
        this.rekor = rekor;
    }

    static AttestationVerifier create(SigstoreTrustedRoot root) throws GeneralSecurityException {
        return new AttestationVerifier(FulcioVerifier.newFulcioVerifier(root), RekorVerifier.newRekorVerifier(root));
    }

    AttestationCheck verify(String bundleJson, String algorithm, byte[] subjectDigest, IdentityRule identity) {
        Bundle bundle;
        try {
            bundle = Bundle.from(new StringReader(bundleJson));
        } catch (BundleParseException | RuntimeException e) {
            return AttestationCheck.failed("not a Sigstore bundle: " + SigstoreVerifier.firstLine(e.getMessage()), null, null, null, null);
        }
        if (bundle.getDsseEnvelope().isEmpty()) {
            return AttestationCheck.failed("the bundle holds no attestation (no DSSE envelope)", null, null, null, null);
        }
        if (bundle.getCertPath() == null || bundle.getCertPath().getCertificates().isEmpty()
                || !(bundle.getCertPath().getCertificates().get(0) instanceof X509Certificate leaf)) {
            return AttestationCheck.failed("signed with a bare key, not a Sigstore (Fulcio) certificate", null, null, null, null);
        }
        String san = SigstoreVerifier.subjectAlternativeName(leaf);
        String issuer = SigstoreVerifier.issuer(leaf);
        if (bundle.getEntries().isEmpty()) {
            return AttestationCheck.uncheckable("the bundle has no transparency-log entry", san, issuer, null, null);
        }
        RekorEntry entry = bundle.getEntries().get(0);
        Long logIndex = entry.getLogIndex();
        Instant integrated = entry.getIntegratedTimeInstant();
        if (entry.getVerification() == null || entry.getVerification().getInclusionProof() == null) {
            return AttestationCheck.uncheckable("the bundle has no inclusion proof (an older bundle format), so it cannot be checked offline",
                    san, issuer, logIndex, integrated);
        }
        Dsse logged;
        try {
            String kind = entry.getBodyDecoded().getKind() + ":" + entry.getBodyDecoded().getApiVersion();
            if (!"dsse:0.0.1".equals(kind)) {
                return AttestationCheck.uncheckable("transparency-log entries of kind " + kind + " are not supported", san, issuer, logIndex,
                        integrated);
            }
            logged = RekorTypes.getDsseV001(entry);
        } catch (RekorTypeException | dev.sigstore.json.JsonParseException | RuntimeException e) {
            return AttestationCheck.failed("unreadable transparency-log entry: " + SigstoreVerifier.firstLine(e.getMessage()), san, issuer,
                    logIndex, integrated);
        }
        try {
            fulcio.verifySigningCertificate(bundle.getCertPath());
        } catch (FulcioVerificationException | IOException | RuntimeException e) {
            return AttestationCheck.failed("the signing certificate does not chain to the trusted root: "
                    + SigstoreVerifier.firstLine(e.getMessage()), san, issuer, logIndex, integrated);
        }
        try {
            leaf.checkValidity(Date.from(integrated));
        } catch (CertificateException e) {
            return AttestationCheck.failed("signed outside its certificate's validity (logged " + integrated + ")", san, issuer, logIndex,
                    integrated);
        }
        Bundle.DsseEnvelope envelope = bundle.getDsseEnvelope().get();
        if (!IN_TOTO.equals(envelope.getPayloadType())) {
            return AttestationCheck.failed("the envelope holds " + envelope.getPayloadType() + ", not an in-toto statement", san, issuer,
                    logIndex, integrated);
        }
        if (envelope.getSignatures().size() != 1) {
            return AttestationCheck.failed("the envelope has " + envelope.getSignatures().size() + " signatures, expected exactly one", san,
                    issuer, logIndex, integrated);
        }
        byte[] signature = envelope.getSignatures().get(0).getSig();
        try {
            if (!Verifiers.newVerifier(leaf.getPublicKey()).verify(pae(envelope.getPayloadType(), envelope.getPayload()), signature)) {
                return AttestationCheck.failed("the envelope's signature does not verify with the certificate's key", san, issuer, logIndex,
                        integrated);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return AttestationCheck.failed("the envelope's signature cannot be checked: " + SigstoreVerifier.firstLine(e.getMessage()), san,
                    issuer, logIndex, integrated);
        }
        if (logged.getPayloadHash() == null || logged.getPayloadHash().getAlgorithm() != PayloadHash.Algorithm.SHA_256
                || !sha256Hex(envelope.getPayload()).equalsIgnoreCase(String.valueOf(logged.getPayloadHash().getValue()))
                || logged.getSignatures() == null || logged.getSignatures().size() != 1
                || !Base64.getEncoder().encodeToString(signature).equals(logged.getSignatures().get(0).getSignature())) {
            return AttestationCheck.failed("the transparency-log entry records another envelope", san, issuer, logIndex, integrated);
        }
        try {
            rekor.verifyEntry(entry);
        } catch (RekorVerificationException | RuntimeException e) {
            return AttestationCheck.failed("the transparency-log entry does not verify: " + SigstoreVerifier.firstLine(e.getMessage()), san,
                    issuer, logIndex, integrated);
        }
        String statement = new String(envelope.getPayload(), StandardCharsets.UTF_8);
        String wanted = HexFormat.of().formatHex(subjectDigest);
        String alg = algorithm.toLowerCase(Locale.ROOT);
        StringBuilder named = new StringBuilder();
        try {
            JsonNode subjects = json.readTree(statement).path("subject");
            for (JsonNode subject : subjects) {
                String digest = subject.path("digest").path(alg).asText("");
                if (digest.equalsIgnoreCase(wanted)) {
                    String refusal = identity.refusal(san, issuer);
                    return refusal == null ? new AttestationCheck(AttestationCheck.Outcome.VERIFIED, san, issuer, logIndex, integrated,
                            statement, null) : AttestationCheck.failed(refusal, san, issuer, logIndex, integrated);
                }
                named.append(named.length() == 0 ? "" : ", ").append(subject.path("name").asText("?"))
                        .append(digest.isEmpty() ? " (no " + alg + ")" : " " + alg + " " + abbreviate(digest));
            }
        } catch (IOException e) {
            return AttestationCheck.failed("the signed statement is not JSON", san, issuer, logIndex, integrated);
        }
        return AttestationCheck.failed("the attestation is for another artifact: it names " + (named.length() == 0 ? "no subject" : named)
                + ", the artifact's " + alg + " is " + abbreviate(wanted), san, issuer, logIndex, integrated);
    }

    /** DSSE v1 pre-authentication encoding: lengths are byte counts. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }
}
