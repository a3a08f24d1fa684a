import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Policy evaluation in the portal (run by bench/gate.sh), on a 10,000-component SBOM whose versions
 * all have evidence, with the default rule pack:
 *  - ingestion with evaluation: the SBOM uploaded to a new service each run (parse, store, evaluate
 *    every policy on every component, store the findings), server time submitted → committed;
 *  - the gate on the stored snapshot: evaluation from the database alone, as evaluations per second.
 * Two warm-up runs of each are not counted.
 */
public class GateBenchmark {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        byte[] sbom = Files.readAllBytes(Path.of(args[2]));
        long pid = Long.parseLong(args[3]);

        List<Double> ingest = new ArrayList<>();
        JsonNode lastPolicy = null;
        for (int i = -2; i < 10; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/services/eval-" + (i + 3)
                    + "/sboms?autoCreate=true&wait=300")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/vnd.cyclonedx+json").timeout(Duration.ofSeconds(320))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build());
            JsonNode job = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"completed".equals(job.path("state").asText())) {
                throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
            }
            lastPolicy = job.path("result").path("policy");
            if (i >= 0) {
                ingest.add(Duration.between(OffsetDateTime.parse(job.get("submittedAt").asText()),
                        OffsetDateTime.parse(job.get("finishedAt").asText())).toNanos() / 1e6);
            }
        }
        List<Double> gate = new ArrayList<>();
        long evaluations = 0;
        JsonNode lastGate = null;
        for (int i = -2; i < 10; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/gate?service=eval-3&snapshot=current"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            double millis = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("gate failed: " + response.statusCode() + " " + response.body());
            }
            lastGate = JSON.readTree(response.body());
            if (i >= 0) {
                gate.add(millis);
                evaluations = lastGate.path("summary").path("evaluations").asLong();
            }
        }
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long hwmKb = status.lines().filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElse(-1);

        System.out.println("## policy evaluation in the portal: 10,000 components with evidence, default rule pack ("
                + lastPolicy.path("policies").asInt() + " policies)");
        System.out.println("| workload | runs | median | min–max | component × policy evaluations | evaluations/s (median) | findings |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| upload → stored → evaluated → findings stored (server) | %d | %.0f ms | %.0f–%.0f ms | %,d | %,.0f | %d violations, %d pending |%n",
                ingest.size(), median(ingest), Collections.min(ingest), Collections.max(ingest), lastPolicy.path("evaluations").asLong(),
                lastPolicy.path("evaluations").asLong() / (median(ingest) / 1000), lastPolicy.path("violations").asLong(),
                lastPolicy.path("pending").asLong());
        System.out.printf("| gate on the stored snapshot (HTTP round trip) | %d | %.0f ms | %.0f–%.0f ms | %,d | %,.0f | decision %s, %d violations |%n",
                gate.size(), median(gate), Collections.min(gate), Collections.max(gate), evaluations, evaluations / (median(gate) / 1000),
                lastGate.path("decision").asText(), lastGate.path("summary").path("violations").asLong());
        System.out.printf("Portal peak resident memory (VmHWM): %.0f MiB%n", hwmKb / 1024.0);
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
