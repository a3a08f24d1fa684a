import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds a synthetic organisation (run by bench/incident.sh) and loads it into a running portal:
 * 2,000 services in five layers (edge → internal → platform), 300 providers over the product's
 * capabilities, 20,000 contracts: each service calls ~3 services of deeper layers and ~7 provider
 * capabilities. Fixed seed. Prints the topology import time, the snapshot rebuild time after one
 * change, and writes the provider names for the load test.
 */
public class IncidentBenchmark {
    static final String[] CAPABILITIES = {"email", "sms", "queue", "auth", "storage", "database", "payment", "model-api",
        "cdn", "dns", "feature-flags", "secrets", "observability"};
    static final String[] REGIONS = {"us-east", "us-west", "eu-central", "eu-west", "ap-south"};
    static final String[] TIERS = {"critical", "high", "standard", "standard"};

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        Path out = Path.of(args[2]);
        int services = 2_000;
        int providers = 300;
        int contracts = 20_000;
        Random random = new Random(20261124L);
        String[] providerNames = new String[providers];
        String[] providerCapability = new String[providers];
        for (int p = 0; p < providers; p++) {
            providerCapability[p] = CAPABILITIES[p % CAPABILITIES.length];
            providerNames[p] = providerCapability[p] + "-provider-" + p;
        }
        int perService = contracts / services;
        int layers = 5;
        List<StringBuilder> files = new ArrayList<>();
        StringBuilder file = null;
        for (int s = 0; s < services; s++) {
            if (s % 250 == 0) {
                file = new StringBuilder();
                files.add(file);
            } else {
                file.append("---\n");
            }
            int layer = s * layers / services;
            file.append("service: svc-").append(s).append('\n')
                    .append("owner: team-").append(s % 120).append('\n')
                    .append("owner_contact: \"#team-").append(s % 120).append("-oncall\"\n")
                    .append("tier: ").append(TIERS[random.nextInt(TIERS.length)]).append('\n')
                    .append("regions: [").append(REGIONS[random.nextInt(REGIONS.length)]).append(", ")
                    .append(REGIONS[random.nextInt(REGIONS.length)]).append("]\n")
                    .append("dependencies:\n");
            java.util.Set<String> names = new java.util.HashSet<>();
            int serviceDeps = layer < layers - 1 ? 3 : 0;
            for (int d = 0; d < perService; d++) {
                boolean toService = d < serviceDeps;
                String name;
                if (toService) {
                    int lower = (layer + 1) * services / layers;
                    int target = lower + random.nextInt(services - lower);
                    name = "svc-" + target;
                    if (!names.add(name)) {
                        name = name + "-" + d;
                        names.add(name);
                    }
                    file.append("  - name: ").append(name).append("\n    service: svc-").append(target).append('\n');
                } else {
                    int p = random.nextInt(providers);
                    name = providerNames[p];
                    if (!names.add(name)) {
                        name = name + "-" + d;
                        names.add(name);
                    }
                    file.append("  - name: ").append(name).append("\n    provider: ").append(providerNames[p])
                            .append("\n    capability: ").append(providerCapability[p]).append('\n');
                }
                file.append("    mode: ").append(random.nextInt(3) == 0 ? "async" : "sync").append('\n')
                        .append("    cross_region: ").append(random.nextBoolean()).append('\n')
                        .append("    timeout_ms: ").append(200 + random.nextInt(5_000)).append('\n')
                        .append("    degraded_behavior: \"serve cached results for ").append(name).append("\"\n")
                        .append("    fallback: \"queue and retry later\"\n")
                        .append("    user_impact: \"slower pages for some users\"\n")
                        .append("    runbook: https://runbooks.example.com/").append(name).append('\n');
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/topology?source=org-" + i + ".yaml"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                    .timeout(Duration.ofSeconds(300))
                    .POST(HttpRequest.BodyPublishers.ofString(files.get(i).toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("import failed: " + response.statusCode() + " " + response.body().substring(0, Math.min(2000, response.body().length())));
            }
        }
        double importSeconds = (System.nanoTime() - started) / 1e9;

        // wait until the snapshot holds everything, then time one rebuild after a single change
        ObjectMapper json = new ObjectMapper();
        String probe = providerNames[0];
        waitFor(http, base, token, probe);
        HttpResponse<String> metricsBefore = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        long changeStarted = System.nanoTime();
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/services/svc-0/contracts/bench-change"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString("provider: " + probe + "\ncapability: " + providerCapability[0] + "\nmode: sync\n"
                        + "degraded_behavior: x\nfallback: y\n")).build(), HttpResponse.BodyHandlers.ofString());
        while (true) {
            JsonNode answer = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incident/providers/" + probe + "?limit=5000"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            boolean seen = false;
            for (JsonNode a : answer.get("affected")) {
                seen |= a.get("service").asText().equals("svc-0") && a.get("via").get("name").asText().equals("bench-change");
            }
            if (seen) {
                break;
            }
            Thread.sleep(5);
        }
        double changeVisibleMillis = (System.nanoTime() - changeStarted) / 1e6;
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double rebuildMillis = rebuildMax(metrics) * 1000;

        List<String> paths = new ArrayList<>();
        for (int p = 0; p < providers; p++) {
            paths.add("/api/v1/incident/providers/" + providerNames[p]);
        }
        Files.writeString(out, String.join("\n", paths) + "\n", StandardCharsets.UTF_8);
        JsonNode sample = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incident/providers/" + providerNames[7]))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        System.out.printf("Organisation: %d services, %d providers, %d contracts imported in %.1f s (%d topology files)%n",
                services, providers, contracts, importSeconds, files.size());
        System.out.printf("Sample lookup (%s): %d affected services (%d direct)%n", providerNames[7],
                sample.get("summary").get("affected").asInt(), sample.get("summary").get("direct").asInt());
        System.out.printf("One contract change → visible in incident lookups: %.0f ms (snapshot rebuild, longest: %.0f ms)%n",
                changeVisibleMillis, rebuildMillis);
    }

    static void waitFor(HttpClient http, String base, String token, String provider) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incident/providers/" + provider))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("snapshot never contained " + provider);
    }

    static double rebuildMax(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("trustmap_incident_graph_rebuild_seconds_max"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(Double.NaN);
    }
}
