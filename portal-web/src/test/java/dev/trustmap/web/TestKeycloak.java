package dev.trustmap.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, unpacked into {@code target/} by
 * the build's {@code pre-integration-test} phase) in dev mode on free ports, with the realms of
 * {@code src/test/resources/keycloak/} imported into a fresh data folder. One per test JVM:
 * started by the first test that asks, stopped when the JVM exits.
 */
final class TestKeycloak {
    static final List<String> REALM_FILES = List.of("trustmap-realm.json", "other-realm.json");
    private static TestKeycloak shared;

    final String base;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestKeycloak(String base, Process process) {
        this.base = base;
        this.process = process;
    }

    /** The Keycloak of this JVM, started (≈ 20–60 s) on first use. */
    static synchronized TestKeycloak shared() {
        if (shared == null) {
            shared = start();
            TestKeycloak started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "keycloak-stop"));
        }
        return shared;
    }

    private static TestKeycloak start() {
        Path home = Path.of(System.getProperty("trustmap.keycloak.home", "target/keycloak-dist/keycloak-26.7.3")).toAbsolutePath();
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new IllegalStateException("No Keycloak at " + home + ": run the tests through Maven's verify phase (its"
                    + " pre-integration-test unpacks org.keycloak:keycloak-quarkus-dist), e.g. mvn -pl portal-web -am verify -Dit.test=OidcBearerIT");
        }
        try {
            kc.toFile().setExecutable(true);
            Path data = home.resolve("data");
            deleteTree(data); // dev mode keeps its database in data/: every run starts from the realm files alone
            Path imports = Files.createDirectories(data.resolve("import"));
            for (String realm : REALM_FILES) {
                try (InputStream in = TestKeycloak.class.getResourceAsStream("/keycloak/" + realm)) {
                    Files.copy(in, imports.resolve(realm), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int port = freePort();
            int management = freePort();
            Path log = Path.of("target").toAbsolutePath().resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(kc.toString(), "start-dev", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + management, "--import-realm", "--log-level=WARN")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.remove("KC_BOOTSTRAP_ADMIN_USERNAME");
            env.remove("KC_BOOTSTRAP_ADMIN_PASSWORD");
            TestKeycloak keycloak = new TestKeycloak("http://127.0.0.1:" + port, builder.start());
            keycloak.awaitReady(log, Duration.ofSeconds(180));
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Path log, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped at start (exit " + process.exitValue() + "):\n" + tail(log));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer("other") + "/.well-known/openid-configuration"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + limit.toSeconds() + " s:\n" + tail(log));
    }

    String issuer(String realm) {
        return base + "/realms/" + realm;
    }

    /** An access token of a user (the resource owner password grant). */
    String userToken(String realm, String client, String secret, String user, String password) {
        return token(realm, Map.of("grant_type", "password", "client_id", client, "client_secret", secret, "username", user,
                "password", password));
    }

    /** An access token of a client's service account (the client credentials grant, as CI gets one). */
    String clientToken(String realm, String client, String secret) {
        return token(realm, Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    /** The realm's published keys ({@code jwks_uri}). */
    JsonNode keys(String realm) {
        return TestPortal.json(send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/certs")).GET().build()));
    }

    private String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused a token for " + form.get("client_id") + ": " + response.statusCode() + " " + response.body());
        }
        return TestPortal.json(response).get("access_token").asText();
    }

    private HttpResponse<String> send(HttpRequest request) {
        return TestPortal.send(http, request);
    }

    void stop() {
        // kc.sh runs the server as its child: stop both
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(20, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
