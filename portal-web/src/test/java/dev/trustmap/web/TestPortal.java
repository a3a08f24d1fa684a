package dev.trustmap.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.scanner.registry.RecordedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A whole portal on a random port, with an HTTP client and direct database access for assertions. */
final class TestPortal implements AutoCloseable {
    static final String ADMIN_TOKEN = "tm_admin_token_for_tests_0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TABLES = List.of("service", "sbom_snapshot", "software_package", "package_version",
            "package_usage", "dependency_edge", "ingestion_job", "ingestion_payload", "api_token", "idempotency_record",
            "provider", "dependency_contract", "change_marker", "evidence_task", "version_evidence", "trust_event", "registry_cache",
            "policy", "policy_version", "package_review", "policy_evaluation", "policy_finding", "audit_entry");

    final Portal portal;
    final DatabaseSettings db;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestPortal(Portal portal, DatabaseSettings db) {
        this.portal = portal;
        this.db = db;
        this.base = "http://127.0.0.1:" + portal.port();
    }

    static TestPortal start(DatabaseSettings db, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("TRUSTMAP_HTTP_HOST", "127.0.0.1");
        env.put("TRUSTMAP_HTTP_PORT", "0");
        env.put("TRUSTMAP_DB_URL", db.url());
        env.put("TRUSTMAP_DB_USER", db.user());
        env.put("TRUSTMAP_DB_PASSWORD", db.password());
        env.put("TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("TRUSTMAP_SHUTDOWN_GRACE_SECONDS", "5");
        env.put("TRUSTMAP_DATA_DIR", tempDir().toString());
        env.put("TRUSTMAP_EVIDENCE_WORKERS", "0"); // tests that want evidence point it at recorded registries
        env.putAll(extra);
        try {
            return new TestPortal(Portal.start(TrustmapConfig.from(env), Clock.systemUTC()), db);
        } catch (Exception e) {
            throw new IllegalStateException("portal did not start", e);
        }
    }

    static byte[] fixture(String name) {
        try (InputStream in = TestPortal.class.getResourceAsStream("/sboms/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Recorded registries in which the takeover fixture's last release (a new publisher, install
     * script, no signature) happened two hours ago, whenever the test runs.
     */
    static RecordedRegistry registryWithRecentTakeover() {
        try (InputStream in = TestPortal.class.getResourceAsStream("/registry/npm/tm-fixture-takeover.json")) {
            ObjectNode takeover = (ObjectNode) JSON.readTree(in);
            String recent = Instant.now().minus(Duration.ofHours(2)).toString();
            ((ObjectNode) takeover.get("time")).put("3.3.6", recent).put("modified", recent);
            byte[] doc = JSON.writeValueAsBytes(takeover);
            RecordedRegistry registry = new RecordedRegistry();
            registry.override("/npm/tm-fixture-takeover", n -> new RecordedRegistry.Answer(200, "application/json", doc, 0));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, String token, String json) {
        return send("POST", path, token, "application/json", json.getBytes());
    }

    HttpResponse<String> upload(String service, String query, String contentType, byte[] body, String... headers) {
        return send("POST", "/api/v1/services/" + service + "/sboms" + query, ADMIN_TOKEN, contentType, body, headers);
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    /** Sends {@code request} with {@code http}, the body as text; I/O failures unchecked (test helpers). */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Creates a token with the given roles (and optional service scope) and returns its secret. */
    String token(String name, String roles, String service) {
        String body = "{\"name\":\"" + name + "\",\"roles\":[" + roles + "]" + (service == null ? "" : ",\"service\":\"" + service + "\"") + "}";
        HttpResponse<String> response = postJson("/api/v1/tokens", ADMIN_TOKEN, body);
        if (response.statusCode() != 201) {
            throw new AssertionError("token creation failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).get("token").asText();
    }

    /** Row counts of every table, to prove that a rejected request wrote nothing. */
    Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** Runs one SQL statement against the portal's database (to age stored rows, say). */
    int execute(String sql) {
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tempDir() {
        try {
            Path base = Path.of("target").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "portal-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        portal.close();
    }
}
