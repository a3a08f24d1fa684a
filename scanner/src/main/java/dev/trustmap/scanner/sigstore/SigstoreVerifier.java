package dev.trustmap.scanner.sigstore;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * Offline Sigstore verification with sigstore-java: the artifact's SHA-256 must be the signed one,
 * the signing certificate must chain to a Fulcio CA of the trusted root, the signature must verify,
 * and the bundle's Rekor entry must be included in a log of the trusted root (checked against its
 * signed checkpoint, no network). Identity and issuer can be required. The trusted root is the one
 * shipped in the jar, or a file given by configuration (roots rotate).
 */
public final class SigstoreVerifier {
    static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final String BUNDLED_ROOT = "/sigstore/trusted_root.json";

    private final java.util.function.Supplier<Trust> loader;
    private volatile Trust trust;

    /** What the trusted root gives: the keyless verifier for plain bundles, its parts for in-toto attestations. */
    private record Trust(KeylessVerifier keyless, AttestationVerifier attestations) {
    }

    private SigstoreVerifier(Trust trust) {
        this.trust = trust;
        this.loader = () -> trust;
    }

    private SigstoreVerifier(java.util.function.Supplier<Trust> loader) {
        this.loader = loader;
    }

    /**
     * Reads the trusted root on first use (or on {@link #preload()}), so a process that starts
     * many things does not wait for it. A bad root then fails that first use, with the same message.
     */
    public static SigstoreVerifier deferred(Path trustedRoot) {
        return new SigstoreVerifier(() -> create(trustedRoot).trust);
    }

    /** Loads the trusted root now (call on a background thread); throws like {@link #create(Path)}. */
    public void preload() {
        keyless();
    }

    private Trust trust() {
        Trust t = trust;
        if (t == null) {
            synchronized (this) {
                t = trust;
                if (t == null) {
                    t = loader.get();
                    trust = t;
                }
            }
        }
        return t;
    }

    private KeylessVerifier keyless() {
        return trust().keyless();
    }

    /** With the trusted root shipped in the jar. */
    public static SigstoreVerifier bundled() {
        return create(null);
    }

    /** With {@code trustedRoot}, or the shipped root when null. */
    public static SigstoreVerifier create(Path trustedRoot) {
        try {
            byte[] root;
            if (trustedRoot == null) {
                try (InputStream in = SigstoreVerifier.class.getResourceAsStream(BUNDLED_ROOT)) {
                    if (in == null) {
                        throw new IllegalStateException("The Sigstore trusted root " + BUNDLED_ROOT + " is missing from the class path");
                    }
                    root = in.readAllBytes();
                }
            } else {
                root = Files.readAllBytes(trustedRoot);
            }
            SigstoreTrustedRoot parsed = SigstoreTrustedRoot.from(new java.io.ByteArrayInputStream(root));
            return new SigstoreVerifier(new Trust(KeylessVerifier.builder().trustedRootProvider(() -> parsed).build(),
                    AttestationVerifier.create(parsed)));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the Sigstore trusted root " + trustedRoot + ": " + e.getMessage(), e);
        } catch (SigstoreConfigurationException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a usable Sigstore trusted root" + (trustedRoot == null ? "" : " (" + trustedRoot + ")")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies {@code bundleJson} for the artifact whose SHA-256 digest is {@code artifactSha256}.
     *
     * @param identity the required subject alternative name, or null for any
     * @param issuer   the required OIDC issuer, or null for any
     */
    public SigstoreVerification verify(byte[] artifactSha256, String bundleJson, String identity, String issuer) {
        Bundle bundle;
        try {
            bundle = Bundle.from(new StringReader(bundleJson));
        } catch (BundleParseException | RuntimeException e) {
            return new SigstoreVerification(false, null, null, null, null, "not a Sigstore bundle: " + firstLine(e.getMessage()));
        }
        String san = null;
        String oidcIssuer = null;
        Long logIndex = null;
        java.time.Instant integrated = null;
        try {
            if (!bundle.getCertPath().getCertificates().isEmpty()
                    && bundle.getCertPath().getCertificates().get(0) instanceof X509Certificate leaf) {
                san = subjectAlternativeName(leaf);
                oidcIssuer = issuer(leaf);
            }
            if (!bundle.getEntries().isEmpty()) {
                RekorEntry entry = bundle.getEntries().get(0);
                logIndex = entry.getLogIndex();
                integrated = entry.getIntegratedTimeInstant();
            }
        } catch (RuntimeException e) {
            return new SigstoreVerification(false, san, oidcIssuer, logIndex, integrated, "unreadable certificate: " + firstLine(e.getMessage()));
        }
        var options = VerificationOptions.builder();
        if (identity != null || issuer != null) {
            // the matcher wants both; the one not asked for matches anything
            try {
                options.addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
                        .subjectAlternativeName(identity != null ? StringMatcher.string(identity) : StringMatcher.regex(".*"))
                        .issuer(issuer != null ? StringMatcher.string(issuer) : StringMatcher.regex(".*"))
                        .build());
            } catch (dev.sigstore.strings.RegexSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            keyless().verify(artifactSha256, bundle, options.build());
            return new SigstoreVerification(true, san, oidcIssuer, logIndex, integrated, null);
        } catch (KeylessVerificationException e) {
            return new SigstoreVerification(false, san, oidcIssuer, logIndex, integrated, firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            return new SigstoreVerification(false, san, oidcIssuer, logIndex, integrated, "verification error: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Verifies an in-toto attestation bundle (a DSSE envelope signed with a Fulcio certificate, as npm
     * publishes build provenance) for the subject whose {@code algorithm} digest is {@code subjectDigest}.
     * See {@link AttestationVerifier}.
     */
    public AttestationCheck verifyAttestation(String bundleJson, String algorithm, byte[] subjectDigest, IdentityRule identity) {
        return trust().attestations().verify(bundleJson, algorithm, subjectDigest, identity);
    }

    /** Verifies an artifact file (its SHA-256 is computed here). */
    public SigstoreVerification verify(Path artifact, Path bundle, String identity, String issuer) throws IOException {
        byte[] digest;
        try (InputStream in = Files.newInputStream(artifact)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            digest = sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return verify(digest, Files.readString(bundle, StandardCharsets.UTF_8), identity, issuer);
    }

    static String subjectAlternativeName(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            for (List<?> name : names) {
                if (name.size() >= 2 && name.get(1) instanceof String value) {
                    return value;
                }
            }
            return null;
        } catch (java.security.cert.CertificateParsingException e) {
            return null;
        }
    }

    static String issuer(X509Certificate certificate) {
        try {
            byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
            if (v2 != null) {
                ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
                if (inner instanceof ASN1String text) {
                    return text.getString();
                }
            }
            byte[] v1 = certificate.getExtensionValue(ISSUER_V1);
            if (v1 != null) {
                return new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
