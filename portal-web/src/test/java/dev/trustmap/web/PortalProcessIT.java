package dev.trustmap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.scanner.sbom.SbomGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The runnable jar as an operator runs it: {@code java -jar}, environment variables, SIGTERM. */
class PortalProcessIT {
    private static final Path JAR = Path.of("target", "trustmap-portal.jar").toAbsolutePath();
    private static final Pattern TOKEN = Pattern.compile("^\\s+(tm_[A-Za-z0-9_-]{40,})\\s*$");
    private final HttpClient http = HttpClient.newHttpClient();

    /** A portal process and everything it printed. */
    private static final class Running implements AutoCloseable {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        Running(Path dir, Map<String, String> env) throws IOException {
            this(dir, env, List.of());
        }

        Running(Path dir, Map<String, String> env, List<String> jvmOptions) throws IOException {
            this(dir, env, jvmOptions, List.of());
        }

        Running(Path dir, Map<String, String> env, List<String> jvmOptions, List<String> args) throws IOException {
            List<String> command = new java.util.ArrayList<>(List.of("java"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", JAR.toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("TRUSTMAP_"));
            builder.environment().putAll(env);
            process = builder.start();
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out);
            pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err);
        }

        private static void pump(BufferedReader reader, List<String> lines) {
            Thread thread = new Thread(() -> reader.lines().forEach(lines::add));
            thread.setDaemon(true);
            thread.start();
        }

        void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.stream().noneMatch(l -> l.contains("Trustmap ready on"))) {
                assertThat(process.isAlive()).as("portal exited early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("portal not ready in 60 s: " + out).isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        /** SIGTERM, as an operator or Kubernetes sends it ({@link Process#destroy} would also close our end of the pipes). */
        void terminate() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
        }

        /** Output is read by pump threads; give them a moment after the process ended. */
        boolean printed(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (out.stream().noneMatch(l -> l.contains(text)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return out.stream().anyMatch(l -> l.contains(text));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void zeroConfigurationRunsOnEmbeddedH2AndPrintsTheBootstrapTokenOnce() throws Exception {
        Path dir = TestPortal.tempDir();
        String token;
        try (Running portal = new Running(dir, Map.of())) {
            portal.awaitReady();
            assertThat(portal.out).anyMatch(l -> l.contains("ready on http://0.0.0.0:8080") && l.contains("embedded H2"));
            token = portal.out.stream().map(TOKEN::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElseThrow();
            assertThat(Files.exists(dir.resolve("trustmap-data").resolve("trustmap.mv.db"))).isTrue();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/v1/services"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"survives-restart\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(portal.out).noneMatch(l -> l.contains(token) && l.contains("INFO"));
            portal.terminate();
            assertThat(portal.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(portal.printed("Stopped")).as("graceful stop logged: " + portal.out).isTrue();
        }
        try (Running again = new Running(dir, Map.of())) {
            again.awaitReady();
            assertThat(again.out).noneMatch(l -> TOKEN.matcher(l).matches());
            assertThat(again.out).noneMatch(l -> l.contains("bootstrap admin"));
            HttpResponse<String> service = get(8080, "/api/v1/services/survives-restart", token);
            assertThat(service.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aLostBootstrapTokenIsReplacedOfflineAndNothingElseChanges() throws Exception {
        Path dir = TestPortal.tempDir();
        int port = freePort();
        Map<String, String> env = Map.of("TRUSTMAP_HTTP_PORT", String.valueOf(port));
        String first;
        try (Running portal = new Running(dir, env)) {
            portal.awaitReady();
            first = portal.out.stream().map(TOKEN::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElseThrow();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services"))
                    .header("Authorization", "Bearer " + first).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"kept\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            // while the portal holds the embedded database, the command says so and changes nothing
            try (Running busy = new Running(dir, env, List.of(), List.of("bootstrap-admin"))) {
                assertThat(busy.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(busy.process.exitValue()).isEqualTo(1);
                Thread.sleep(300);
                assertThat(busy.err).singleElement().asString().startsWith("trustmap: cannot open the database").contains("stop it first");
            }
            portal.terminate();
            assertThat(portal.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String recovered;
        try (Running command = new Running(dir, env, List.of(), List.of("bootstrap-admin"))) {
            assertThat(command.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(command.process.exitValue()).as(command.out + "" + command.err).isZero();
            assertThat(command.printed("recovery-admin-")).isTrue();
            recovered = command.out.stream().map(TOKEN::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElseThrow();
        }
        assertThat(recovered).isNotEqualTo(first);
        try (Running again = new Running(dir, env)) {
            again.awaitReady();
            assertThat(again.out).noneMatch(l -> TOKEN.matcher(l).matches());
            assertThat(get(port, "/api/v1/services/kept", recovered).statusCode()).as("the new token is an admin's").isEqualTo(200);
            assertThat(get(port, "/api/v1/services/kept", first).statusCode()).as("the old token still works").isEqualTo(200);
            HttpResponse<String> tokens = get(port, "/api/v1/tokens", recovered);
            assertThat(tokens.statusCode()).isEqualTo(200);
            assertThat(tokens.body()).contains("bootstrap-admin").contains("recovery-admin-");
        }
        try (Running wrong = new Running(dir, env, List.of(), List.of("reset-everything"))) {
            assertThat(wrong.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrong.process.exitValue()).isEqualTo(2);
        }
    }

    @Test
    void aBadValueStopsStartUpWithOneClearLine() throws Exception {
        try (Running portal = new Running(TestPortal.tempDir(), Map.of("TRUSTMAP_HTTP_PORT", "eighty"))) {
            assertThat(portal.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(portal.process.exitValue()).isEqualTo(2);
            Thread.sleep(500);
            assertThat(portal.err).containsExactly(
                    "trustmap: configuration error: TRUSTMAP_HTTP_PORT must be a whole number, got \"eighty\"");
        }
    }

    @Test
    void anUnreachableDatabaseDoesNotStopStartUpAndIsWaitedFor() throws Exception {
        int closedPort = freePort();
        int port = freePort();
        try (Running portal = new Running(TestPortal.tempDir(), Map.of("TRUSTMAP_HTTP_PORT", String.valueOf(port),
                "TRUSTMAP_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/trustmap",
                "TRUSTMAP_DB_USER", "trustmap", "TRUSTMAP_DB_PASSWORD", "not-logged-anywhere",
                "TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000"))) {
            assertThat(portal.printed("Trustmap started without its database")).as(portal.out + " " + portal.err).isTrue();
            assertThat(portal.process.isAlive()).isTrue();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            HttpResponse<String> services = get(port, "/api/v1/services", "tm_some_token_nobody_has_0123456789");
            assertThat(services.statusCode()).isEqualTo(503);
            assertThat(services.headers().firstValue("Retry-After")).isPresent();
            portal.terminate();
            assertThat(portal.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(portal.printed("Stopped")).isTrue();
            assertThat(String.join("\n", portal.out) + portal.err).doesNotContain("not-logged-anywhere").doesNotContain("\tat ");
        }
    }

    @Test
    void aDatabaseThatRefusesUsStopsStartUpWithOneClearLine() throws Exception {
        var settings = dev.trustmap.database.testing.TestDatabases.postgres();
        String missing = settings.url().replaceAll("/[^/?]+(\\?.*)?$", "/no_such_database$1");
        try (Running portal = new Running(TestPortal.tempDir(), Map.of(
                "TRUSTMAP_DB_URL", missing, "TRUSTMAP_DB_USER", settings.user(), "TRUSTMAP_DB_PASSWORD", "not-logged-anywhere",
                "TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "1000", "TRUSTMAP_HTTP_PORT", String.valueOf(freePort())))) {
            assertThat(portal.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(portal.process.exitValue()).isEqualTo(1);
            Thread.sleep(500);
            assertThat(portal.err).hasSize(1);
            assertThat(portal.err.get(0)).startsWith("trustmap: cannot start: Cannot use the database at " + missing)
                    .contains("no_such_database");
            assertThat(String.join("\n", portal.out) + portal.err).doesNotContain("not-logged-anywhere").doesNotContain("\tat ");
        }
    }

    @Test
    void sigtermLetsAnInFlightUploadFinish() throws Exception {
        Path dir = TestPortal.tempDir();
        int port = freePort();
        String admin = "tm_graceful_shutdown_token_0123456789";
        Map<String, String> env = Map.of("TRUSTMAP_HTTP_PORT", String.valueOf(port), "TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN", admin,
                "TRUSTMAP_SHUTDOWN_GRACE_SECONDS", "60", "TRUSTMAP_EVIDENCE_WORKERS", "0");
        byte[] sbom = SbomGenerator.generate(30_000, 11);
        try (Running portal = new Running(dir, env)) {
            portal.awaitReady();
            CompletableFuture<HttpResponse<String>> upload = http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/services/big/sboms?autoCreate=true&wait=120"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/vnd.cyclonedx+json")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1_500);
            assertThat(upload).as("the upload is still in flight when SIGTERM arrives").isNotDone();
            portal.terminate();
            HttpResponse<String> response = upload.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode job = TestPortal.JSON.readTree(response.body());
            assertThat(job.get("state").asText()).isEqualTo("completed");
            assertThat(job.get("result").get("components").asInt()).isEqualTo(30_000);
            assertThat(portal.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (Running again = new Running(dir, env)) {
            again.awaitReady();
            JsonNode service = TestPortal.JSON.readTree(get(port, "/api/v1/services/big", admin).body());
            assertThat(service.get("currentSnapshot").get("components").asInt()).isEqualTo(30_000);
        }
    }

    /** The JVM options of the Helm chart. */
    private static final List<String> CHART_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private CompletableFuture<HttpResponse<String>> upload(int port, String token, String service, byte[] sbom, int waitSeconds) {
        return http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/services/" + service + "/sboms?autoCreate=true&wait=" + waitSeconds))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/vnd.cyclonedx+json")
                .timeout(Duration.ofSeconds(waitSeconds + 60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHugeSbomIngestsUnderTheChartsHeapWithoutStallingOtherServicesAndACompletedJobSurvivesKill9() throws Exception {
        Path dir = TestPortal.tempDir();
        int port = freePort();
        String admin = "tm_huge_document_token_0123456789";
        Map<String, String> env = Map.of("TRUSTMAP_HTTP_PORT", String.valueOf(port), "TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN", admin,
                "TRUSTMAP_EVIDENCE_WORKERS", "0");
        byte[] huge = SbomGenerator.generateLean(200_000, 3);
        assertThat(huge.length).as("well under the 50 MB upload limit").isLessThan(45 * 1024 * 1024);
        String jobId;
        try (Running portal = new Running(dir, env, CHART_JVM)) {
            portal.awaitReady();
            CompletableFuture<HttpResponse<String>> big = upload(port, admin, "huge", huge, 300);
            // once the huge document is being processed, another service's upload goes ahead on the other worker
            Pattern processing = Pattern.compile("trustmap_ingestion_queue_jobs\\{state=\"processing\".*} 1\\.0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!processing.matcher(get(port, "/metrics", admin).body()).find()) {
                assertThat(System.nanoTime()).as("the huge upload is accepted and processing").isLessThan(deadline);
                assertThat(big).isNotDone();
                Thread.sleep(200);
            }
            HttpResponse<String> small = upload(port, admin, "small", SbomGenerator.generate(200, 4), 60).get(90, TimeUnit.SECONDS);
            assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
            assertThat(big).as("the small upload finished while the huge one was still being ingested").isNotDone();
            HttpResponse<String> response = big.get(400, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode job = TestPortal.JSON.readTree(response.body());
            assertThat(job.get("state").asText()).isEqualTo("completed");
            assertThat(job.get("attempts").asInt()).isEqualTo(1);
            assertThat(job.get("result").get("components").asInt()).isEqualTo(200_000);
            assertThat(job.get("result").get("unchanged").asBoolean()).isFalse();
            jobId = job.get("id").asText();
            HttpResponse<String> ready = get(port, "/health/ready", admin);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            // the moment it said completed, it was on disk: kill -9 loses nothing
            new ProcessBuilder("kill", "-KILL", String.valueOf(portal.process.pid())).start().waitFor();
            assertThat(portal.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(portal.out).noneMatch(l -> l.contains("OutOfMemoryError"));
        }
        try (Running again = new Running(dir, env, CHART_JVM)) {
            again.awaitReady();
            JsonNode job = TestPortal.JSON.readTree(get(port, "/api/v1/jobs/" + jobId, admin).body());
            assertThat(job.get("state").asText()).isEqualTo("completed");
            JsonNode service = TestPortal.JSON.readTree(get(port, "/api/v1/services/huge", admin).body());
            assertThat(service.get("currentSnapshot").get("components").asInt()).isEqualTo(200_000);
            JsonNode smallService = TestPortal.JSON.readTree(get(port, "/api/v1/services/small", admin).body());
            assertThat(smallService.get("currentSnapshot").get("components").asInt()).isEqualTo(200);
        }
    }
}
