import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.scanner.sbom.SbomGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingestion benchmark client (run by bench/ingest.sh). For each size it uploads SBOMs
 * generated from fixed seeds to one service, as successive CI builds would, and measures
 *  - end to end: the client's upload request until the 200 that says the data is committed
 *    (parse, validation, durable job, graph, usages, diff — everything, over loopback HTTP);
 *  - server: the job's submitted → finished time as recorded by the portal.
 * Two warm-up uploads per size are not counted.
 */
public class IngestBenchmark {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        long pid = Long.parseLong(args[2]);
        String readyMillis = args[3];
        String javaOpts = args[4];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        int[][] plan = {{1_000, 15}, {10_000, 15}, {50_000, 5}};
        List<String> rows = new ArrayList<>();
        for (int[] step : plan) {
            int size = step[0];
            int runs = step[1];
            String service = "bench-" + size;
            List<Double> endToEnd = new ArrayList<>();
            List<Double> server = new ArrayList<>();
            for (int i = -2; i < runs; i++) {
                byte[] sbom = SbomGenerator.generate(size, 1_000L * size + i + 2);
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(base + "/api/v1/services/" + service + "/sboms?autoCreate=true&wait=300"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/vnd.cyclonedx+json")
                        .timeout(Duration.ofSeconds(320))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(), HttpResponse.BodyHandlers.ofString());
                double millis = (System.nanoTime() - started) / 1e6;
                JsonNode job = json.readTree(response.body());
                if (response.statusCode() != 200 || !"completed".equals(job.path("state").asText())) {
                    throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
                }
                if (i >= 0) {
                    endToEnd.add(millis);
                    server.add(Duration.between(OffsetDateTime.parse(job.get("submittedAt").asText()),
                            OffsetDateTime.parse(job.get("finishedAt").asText())).toNanos() / 1e6);
                }
            }
            rows.add(String.format("| %,d | %d | %.0f ms | %.0f–%.0f ms | %.0f ms | %.0f–%.0f ms |", size, runs,
                    median(endToEnd), min(endToEnd), max(endToEnd), median(server), min(server), max(server)));
            System.out.println(rows.get(rows.size() - 1));
        }
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long hwmKb = status.lines().filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
        String cpu = Files.readString(Path.of("/proc/cpuinfo")).lines().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(Files.readString(Path.of("/proc/meminfo")).lines().findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L) / 1048576.0)
                + " GiB RAM, PostgreSQL (Debian package, default durability), portal JVM options: " + javaOpts);
        System.out.println();
        System.out.println("| components | runs | end to end, median | end to end, min–max | server (queued → committed), median | server, min–max |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Fresh start (process start → /health/ready answers 200, PostgreSQL, migrations applied): " + readyMillis + " ms");
        System.out.printf("Portal peak resident memory (VmHWM) over the whole run: %.0f MiB%n", hwmKb / 1024.0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
