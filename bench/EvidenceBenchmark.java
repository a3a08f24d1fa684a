import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Evidence collection benchmark (run by bench/evidence.sh). The SBOM is real: every Maven artifact
 * this build downloaded into the local repository (sorted, the first LIMIT), with SHA-1 and SHA-256
 * of the very jar files, so hash comparisons against Maven Central are real too. It is uploaded, the
 * portal collects evidence from Maven Central in the background, and the run is timed until every
 * version has evidence. Then every task is made due again and the second run is timed: with the
 * registry answers cached in the database it should need (almost) no requests.
 * Args: portalUrl token jdbcUrl m2Repository limit
 */
public class EvidenceBenchmark {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        token = args[1];
        String jdbc = args[2];
        Path repo = Path.of(args[3]);
        int limit = Integer.parseInt(args[4]);
        List<Path> jars;
        try (Stream<Path> files = Files.walk(repo)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).filter(EvidenceBenchmark::plainArtifact).sorted().limit(limit).toList();
        }
        ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.6").put("version", 1);
        ArrayNode components = bom.putArray("components");
        for (Path jar : jars) {
            Path versionDir = jar.getParent();
            String version = versionDir.getFileName().toString();
            String artifact = versionDir.getParent().getFileName().toString();
            String group = repo.relativize(versionDir.getParent().getParent()).toString().replace('/', '.');
            String purl = "pkg:maven/" + group + "/" + artifact + "@" + version;
            byte[] bytes = Files.readAllBytes(jar);
            ObjectNode c = components.addObject().put("type", "library").put("bom-ref", purl).put("group", group)
                    .put("name", artifact).put("version", version).put("purl", purl);
            ArrayNode hashes = c.putArray("hashes");
            hashes.addObject().put("alg", "SHA-1").put("content", hex("SHA-1", bytes));
            hashes.addObject().put("alg", "SHA-256").put("content", hex("SHA-256", bytes));
        }
        System.out.printf("SBOM: %d real Maven artifacts from %s%n", components.size(), repo);
        send("POST", "/api/v1/services", "application/json", "{\"slug\":\"evidence-bench\",\"tier\":\"critical\"}".getBytes());
        try (Connection db = DriverManager.getConnection(jdbc, "trustmap", "")) {
            long[] before = registry();
            long started = System.nanoTime();
            HttpResponse<String> upload = send("POST", "/api/v1/services/evidence-bench/sboms?wait=120", "application/vnd.cyclonedx+json",
                    JSON.writeValueAsBytes(bom));
            if (upload.statusCode() != 200) {
                throw new IllegalStateException("upload failed: " + upload.statusCode() + " " + upload.body());
            }
            int versions = (int) count(db, "SELECT COUNT(*) FROM package_version");
            waitUntil(db, "SELECT COUNT(*) FROM version_evidence", versions);
            report("first run (empty cache)", started, before, registry(), versions, db);

            db.createStatement().executeUpdate("UPDATE evidence_task SET due_at = now()");
            before = registry();
            started = System.nanoTime();
            java.sql.Timestamp mark = new java.sql.Timestamp(System.currentTimeMillis());
            var ps = db.prepareStatement("SELECT COUNT(*) FROM version_evidence WHERE collected_at >= ?");
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (true) {
                ps.setTimestamp(1, mark);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= versions || System.nanoTime() > deadline) {
                        break;
                    }
                }
                Thread.sleep(250);
            }
            report("second run (cache warm)", started, before, registry(), versions, db);
        }
    }

    static boolean plainArtifact(Path jar) {
        String name = jar.getFileName().toString();
        Path versionDir = jar.getParent();
        String version = versionDir.getFileName().toString();
        String artifact = versionDir.getParent().getFileName().toString();
        return name.equals(artifact + "-" + version + ".jar") && !version.contains("SNAPSHOT") && !jar.toString().contains("/dev/trustmap/");
    }

    static void report(String label, long started, long[] before, long[] after, int versions, Connection db) throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        long fetches = after[0] - before[0];
        long requests = after[1] - before[1];
        long hits = after[2] - before[2];
        long failures = after[3] - before[3];
        System.out.printf("%-24s %d versions in %.1f s (%.1f versions/s); %d registry fetches, %d HTTP requests, cache hit rate %.1f%%, %d failed fetches%n",
                label, versions, seconds, versions / seconds, fetches, requests, fetches == 0 ? 0 : 100.0 * hits / fetches, failures);
        System.out.printf("%-24s grades: %s; degraded: %d%n", "", grades(db), count(db, "SELECT COUNT(*) FROM version_evidence WHERE status = 'degraded'"));
    }

    static String grades(Connection db) throws Exception {
        StringBuilder s = new StringBuilder();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT grade, COUNT(*) FROM version_evidence GROUP BY grade ORDER BY grade")) {
            while (rs.next()) {
                s.append(s.length() == 0 ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getLong(2));
            }
        }
        return s.toString();
    }

    static void waitUntil(Connection db, String sql, long target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (count(db, sql) < target && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** fetches, requests, cache hits, failures (process counters from /metrics). */
    static long[] registry() throws Exception {
        String metrics = send("GET", "/metrics", null, null).body();
        return new long[] {metric(metrics, "trustmap_registry_fetches"), metric(metrics, "trustmap_registry_requests"),
            metric(metrics, "trustmap_registry_cache_hits"), metric(metrics, "trustmap_registry_failures")};
    }

    static long metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no metric " + name);
    }

    static HttpResponse<String> send(String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            r.header("Content-Type", type);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String hex(String alg, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(bytes));
    }
}
