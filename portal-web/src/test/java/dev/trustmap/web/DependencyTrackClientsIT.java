package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.database.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dependency-Track's own clients, unchanged, against a portal: the real Maven plugin
 * ({@code io.github.pmckeown:dependency-track-maven-plugin:1.10.0}, run by a nested Maven), and
 * the request sequences of Dependency-Track's GitHub upload action (v4.0 and v4.1) and of its
 * Jenkins plugin (synchronous publishing), as their sources send them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyTrackClientsIT {
    static final String PLUGIN = "io.github.pmckeown:dependency-track-maven-plugin:1.10.0";
    static TestPortal portal;
    static String ci;
    static Path work;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Run(int exit, String output) {
    }

    @BeforeAll
    static void start() {
        portal = TestPortal.start(TestDatabases.h2(), Map.of("TRUSTMAP_EVIDENCE_WORKERS", "0"));
        ci = portal.token("dt-ci", "\"scanner\"", null);
        work = TestPortal.tempDir();
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    static String sbom(String... purls) {
        StringBuilder components = new StringBuilder();
        StringBuilder refs = new StringBuilder();
        for (String purl : purls) {
            String name = purl.substring(purl.indexOf('/') + 1, purl.indexOf('@'));
            String version = purl.substring(purl.indexOf('@') + 1);
            components.append(components.length() == 0 ? "" : ",").append("{\"type\":\"library\",\"bom-ref\":\"").append(purl)
                    .append("\",\"name\":\"").append(name).append("\",\"version\":\"").append(version).append("\",\"purl\":\"")
                    .append(purl).append("\"}");
            refs.append(refs.length() == 0 ? "" : ",").append('"').append(purl).append('"');
        }
        return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"metadata\":{\"component\":{\"type\":\"application\","
                + "\"bom-ref\":\"app\",\"name\":\"app\"}},\"components\":[" + components + "],\"dependencies\":[{\"ref\":\"app\","
                + "\"dependsOn\":[" + refs + "]}]}";
    }

    /** Runs the real plugin's goals in a fresh Maven project named {@code artifactId} at {@code version}. */
    Run plugin(String artifactId, String version, String document, String... goals) throws Exception {
        Path project = Files.createDirectories(work.resolve(artifactId));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.trustmap.it</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>pom</packaging>
                </project>
                """.formatted(artifactId, version));
        Path bom = project.resolve("bom.json");
        Files.writeString(bom, document);
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-f", project.resolve("pom.xml").toString(),
                "-Ddependency-track.dependencyTrackBaseUrl=http://127.0.0.1:" + portal.portal.port(),
                "-Ddependency-track.apiKey=" + ci, "-Ddependency-track.failOnError=true",
                "-Ddependency-track.bomLocation=" + bom));
        for (String goal : goals) {
            command.add(PLUGIN + ":" + goal);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(project.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    @Order(1)
    void theMavenPluginUploadsAndReadsTheProjectBackWithoutAnError() throws Exception {
        Run run = plugin("dt-plugin-app", "1.2.3", sbom("pkg:npm/left-pad@1.3.0", "pkg:maven/org.example/lib@2.0.0"),
                "upload-bom", "metrics", "policy-violations", "score");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("BUILD SUCCESS").doesNotContain("[ERROR]");
        assertThat(portal.count("SELECT COUNT(*) FROM sbom_snapshot s JOIN service v ON v.id = s.service_id "
                + "WHERE v.slug = 'dt-plugin-app' AND s.label = '1.2.3' AND s.component_count = 2")).isEqualTo(1);
        JsonNode project = json(portal.get("/api/v1/project/lookup?name=dt-plugin-app&version=1.2.3", ci));
        assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug = 'dt-plugin-app' AND id = '"
                + UUID.fromString(project.path("uuid").asText()) + "'")).as("the project is the service, by id").isEqualTo(1);
        assertThat(project.path("metrics").path("components").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void theMavenPluginFailsTheBuildOnAFailingPolicy() throws Exception {
        assertThat(portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"no-left-pad\",\"severity\":\"fail\",\"expression\":\"pkg.name == 'left-pad'\"}").statusCode())
                .isEqualTo(201);
        Run run = plugin("dt-plugin-failing", "0.9.0", sbom("pkg:npm/left-pad@1.3.0", "pkg:npm/right-pad@1.0.0"),
                "upload-bom", "policy-violations");
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("no-left-pad").contains("left-pad").contains("Policy violations breached")
                .doesNotContain("right-pad 1.0.0");
        JsonNode violations = json(portal.get("/api/v1/violation/project/" + json(portal.get(
                "/api/v1/project/lookup?name=dt-plugin-failing&version=0.9.0", ci)).path("uuid").asText(), ci));
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).path("policyCondition").path("policy").path("violationState").asText()).isEqualTo("FAIL");
        assertThat(violations.get(0).path("component").path("purl").asText()).isEqualTo("pkg:npm/left-pad@1.3.0");
        assertThat(portal.send("POST", "/api/v1/policies/no-left-pad/disable", ADMIN_TOKEN, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theGitHubUploadActionV4UploadsByMultipartAndByJson() throws Exception {
        // v4.1.0: POST multipart, the bom as a file part, tags comma-separated
        Multipart form = new Multipart().file("bom", "bom", sbom("pkg:npm/gh-a@1.0.0")).field("projectName", "GH App")
                .field("projectVersion", "main").field("autoCreate", "true").field("isLatest", "true").field("projectTags", "a,b");
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-API-Key", ci)
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        UUID token = UUID.fromString(json(posted).path("token").asText());
        // v4.0.0: PUT JSON, base64, the latest flag and tags in Dependency-Track's field names
        String body = "{\"projectName\":\"gh-app\",\"projectVersion\":\"v2\",\"autoCreate\":true,\"isLatestProjectVersion\":true,"
                + "\"projectTags\":[{\"name\":\"a\"}],\"bom\":\"" + Base64.getEncoder().encodeToString(
                sbom("pkg:npm/gh-a@1.0.1").getBytes(StandardCharsets.UTF_8)) + "\"}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-API-Key", ci)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(awaitProcessed(token.toString())).isTrue();
        assertThat(awaitProcessed(json(put).path("token").asText())).isTrue();
        assertThat(portal.count("SELECT COUNT(*) FROM sbom_snapshot s JOIN service v ON v.id = s.service_id "
                + "WHERE v.slug = 'gh-app' AND s.label IN ('main', 'v2')")).isEqualTo(2);
        // the project name it was created with is the service's display name, and lists as the project's name
        JsonNode listed = json(portal.get("/api/v1/project?name=GH%20App", ci));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("GH App");
        assertThat(json(portal.get("/api/v1/services/gh-app", ci)).path("displayName").asText()).isEqualTo("GH App");
        // without autocreate the action sends only the project's uuid
        String uuid = json(portal.get("/api/v1/project/lookup?name=gh-app&version=v2", ci)).path("uuid").asText();
        Multipart byUuid = new Multipart().file("bom", "bom", sbom("pkg:npm/gh-a@1.0.2")).field("project", uuid);
        HttpResponse<String> known = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-API-Key", ci)
                .header("Content-Type", byUuid.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(byUuid.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
        assertThat(awaitProcessed(json(known).path("token").asText())).isTrue();
        assertThat(portal.count("SELECT COUNT(*) FROM sbom_snapshot s JOIN service v ON v.id = s.service_id WHERE v.slug = 'gh-app'"))
                .isEqualTo(3);
        Multipart unknown = new Multipart().file("bom", "bom", sbom("pkg:npm/gh-a@1.0.3")).field("project", UUID.randomUUID().toString());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-API-Key", ci)
                .header("Content-Type", unknown.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(unknown.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
        Multipart notUuid = new Multipart().file("bom", "bom", sbom("pkg:npm/gh-a@1.0.3")).field("project", "x".repeat(5_000));
        HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-API-Key", ci)
                .header("Content-Type", notUuid.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(notUuid.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        assertThat(invalid.body()).contains("project uuid").hasSizeLessThan(1_000);
    }

    @Test
    @Order(4)
    void theJenkinsPluginPublishesSynchronously() throws Exception {
        // connection test: X-Powered-By on the project list, the version (with the key, as the plugin sends it on every request)
        HttpResponse<String> list = portal.get("/api/v1/project?pageNumber=1&pageSize=500&excludeInactive=true&sortName=name&sortOrder=asc", ci);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("X-Powered-By")).hasValueSatisfying(v -> assertThat(v).startsWith("Dependency-Track v"));
        assertThat(list.headers().firstValue("X-Total-Count")).isPresent();
        assertThat(portal.get("/api/version", null).statusCode()).as("only health and metrics are open").isEqualTo(401);
        JsonNode version = json(portal.get("/api/version", ci));
        assertThat(version.path("version").asText()).matches("4\\.(1[2-9]|[2-9][0-9])\\..*");
        // upload: the bom as a text field, exactly 200 with a token
        Multipart form = new Multipart().field("bom", sbom("pkg:npm/jenkins-a@1.0.0", "pkg:npm/jenkins-b@2.0.0"))
                .field("projectName", "jenkins-app").field("projectVersion", "42").field("autoCreate", "true");
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(portal.uri("/api/v1/bom")).header("X-Api-Key", ci)
                .header("Accept", "application/json").header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        String token = json(posted).path("token").asText();
        // project properties: lookup (name, uuid and version keys), then PATCH (200 or 304)
        JsonNode project = json(portal.get("/api/v1/project/lookup?name=jenkins-app&version=42", ci));
        assertThat(project.has("name") && project.has("uuid") && project.has("version")).as(project.toString()).isTrue();
        String uuid = project.path("uuid").asText();
        HttpResponse<String> patched = portal.send("PATCH", "/api/v1/project/" + uuid, ci, "application/json",
                "{\"tags\":[{\"name\":\"jenkins\"}],\"description\":\"built by Jenkins\",\"isLatest\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(patched.statusCode()).isIn(200, 304);
        // synchronous: poll the event token, then findings, the key's team and violations, paged
        assertThat(awaitEvent(token)).isTrue();
        HttpResponse<String> findings = portal.get("/api/v1/finding/project/" + uuid + "?pageNumber=1&pageSize=100", ci);
        assertThat(findings.statusCode()).isEqualTo(200);
        assertThat(json(findings).isArray()).isTrue();
        assertThat(findings.headers().firstValue("X-Total-Count")).contains("0");
        JsonNode team = json(portal.get("/api/v1/team/self", ci));
        assertThat(team.path("name").asText()).isNotBlank();
        assertThat(team.path("permissions").findValuesAsText("name")).contains("VIEW_POLICY_VIOLATION", "BOM_UPLOAD");
        HttpResponse<String> violations = portal.get("/api/v1/violation/project/" + uuid + "?pageNumber=1&pageSize=100", ci);
        assertThat(violations.statusCode()).isEqualTo(200);
        assertThat(violations.headers().firstValue("X-Total-Count")).isPresent();
        JsonNode metrics = json(portal.get("/api/v1/metrics/project/" + uuid + "/current", ci));
        assertThat(metrics.path("components").asInt()).isEqualTo(2);
        assertThat(metrics.path("firstOccurrence").asLong()).isPositive();
        // a page far past the end is empty, not an error
        for (String far : List.of("/api/v1/project?pageNumber=2147483647&pageSize=1000",
                "/api/v1/violation/project/" + uuid + "?pageNumber=2147483647&pageSize=1000")) {
            HttpResponse<String> empty = portal.get(far, ci);
            assertThat(empty.statusCode()).as(far + " " + empty.body()).isEqualTo(200);
            assertThat(json(empty)).as(far).isEmpty();
        }
        assertThat(portal.get("/api/v1/project?pageNumber=0", ci).statusCode()).isEqualTo(400);
        assertThat(portal.get("/api/v1/project?pageSize=1001", ci).statusCode()).isEqualTo(400);
        // what Dependency-Track answers for what is not there, or not the key's
        assertThat(portal.get("/api/v1/project/lookup?name=jenkins-app&version=43", ci).statusCode()).isEqualTo(404);
        assertThat(portal.get("/api/v1/project/" + UUID.randomUUID(), ci).statusCode()).isEqualTo(404);
        assertThat(portal.get("/api/v1/violation/project/" + uuid, null).statusCode()).isEqualTo(401);
        String scoped = portal.token("other-ci", "\"scanner\"", "gh-app");
        assertThat(portal.get("/api/v1/violation/project/" + uuid, scoped).statusCode()).isEqualTo(403);
        String viewer = portal.token("dt-viewer", "\"viewer\"", null);
        assertThat(portal.send("PATCH", "/api/v1/project/" + uuid, viewer, "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(403);
    }

    private boolean awaitProcessed(String token) throws InterruptedException {
        return await("/api/v1/bom/token/" + token);
    }

    private boolean awaitEvent(String token) throws InterruptedException {
        return await("/api/v1/event/token/" + token);
    }

    private boolean await(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = portal.get(path, ci);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (!json(response).path("processing").asBoolean(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A multipart/form-data body as the clients build it: text fields and file parts. */
    static final class Multipart {
        private final String boundary = "----trustmap" + UUID.randomUUID();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Multipart field(String name, String value) throws IOException {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart file(String name, String filename, String content) throws IOException {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] body() {
            return (out.toString(StandardCharsets.UTF_8) + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
