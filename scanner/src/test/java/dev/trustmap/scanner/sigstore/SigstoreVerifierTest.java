package dev.trustmap.scanner.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sigstore.KeylessVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real case: {@code dev.sigstore:sigstore-java:2.0.0}'s jar (the very jar on this test's class
 * path, fetched from Maven Central by the build) against the {@code .sigstore.json} bundle recorded
 * from Maven Central next to it. Verification is offline, against the shipped trusted root.
 */
class SigstoreVerifierTest {
    static final String IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v2.0.0";
    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static Path jar;
    static String bundle;
    static SigstoreVerifier verifier;

    @BeforeAll
    static void load() throws Exception {
        jar = Paths.get(KeylessVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).isEqualTo("sigstore-java-2.0.0.jar");
        try (InputStream in = SigstoreVerifierTest.class.getResourceAsStream(
                "/registry/maven-central/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json")) {
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        verifier = SigstoreVerifier.bundled();
    }

    static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void theReleasedJarVerifiesWithItsIdentityAndIssuer() throws Exception {
        SigstoreVerification result = verifier.verify(sha256(Files.readAllBytes(jar)), bundle, IDENTITY, ISSUER);
        assertThat(result.failure()).isNull();
        assertThat(result.verified()).isTrue();
        assertThat(result.identity()).isEqualTo(IDENTITY);
        assertThat(result.issuer()).isEqualTo(ISSUER);
        assertThat(result.logIndex()).isPositive();
        assertThat(result.integratedTime()).isNotNull();
    }

    @Test
    void aModifiedJarFails(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x01;
        Path modified = dir.resolve("sigstore-java-2.0.0.jar");
        Files.write(modified, bytes);
        Path bundleFile = dir.resolve("bundle.json");
        Files.writeString(bundleFile, bundle);
        SigstoreVerification result = verifier.verify(modified, bundleFile, null, null);
        assertThat(result.verified()).isFalse();
        assertThat(result.failure()).isNotBlank();
        assertThat(result.identity()).isEqualTo(IDENTITY);
    }

    @Test
    void aDifferentIdentityOrIssuerFails() throws Exception {
        byte[] digest = sha256(Files.readAllBytes(jar));
        assertThat(verifier.verify(digest, bundle, "https://github.com/evil/fork/.github/workflows/release.yml@refs/tags/v2.0.0", null).verified()).isFalse();
        assertThat(verifier.verify(digest, bundle, null, "https://accounts.google.com").verified()).isFalse();
        assertThat(verifier.verify(digest, bundle, null, null).verified()).isTrue();
    }

    @Test
    void aTamperedBundleOrGarbageIsRefusedWithAReason() throws Exception {
        byte[] digest = sha256(Files.readAllBytes(jar));
        SigstoreVerification garbage = verifier.verify(digest, "{\"mediaType\": 42", null, null);
        assertThat(garbage.verified()).isFalse();
        assertThat(garbage.failure()).startsWith("not a Sigstore bundle");
        String tampered = bundle.replaceFirst("\"logIndex\":\\s*\"(\\d)", "\"logIndex\": \"9$1");
        assertThat(tampered).isNotEqualTo(bundle);
        assertThat(verifier.verify(digest, tampered, null, null).verified()).isFalse();
    }

    @Test
    void aTrustedRootWithoutSigstoresCasDoesNotTrustIt(@TempDir Path dir) throws IOException {
        String root;
        try (InputStream in = SigstoreVerifier.class.getResourceAsStream("/sigstore/trusted_root.json")) {
            root = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path other = dir.resolve("root.json");
        // keep the logs, drop every certificate authority
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(root);
        tree.putArray("certificateAuthorities");
        Files.writeString(other, json.writeValueAsString(tree));
        SigstoreVerifier strict = SigstoreVerifier.create(other);
        try {
            byte[] digest = sha256(Files.readAllBytes(jar));
            assertThat(strict.verify(digest, bundle, null, null).verified()).isFalse();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
