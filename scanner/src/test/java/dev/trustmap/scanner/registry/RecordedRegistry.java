package dev.trustmap.scanner.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves registry answers recorded into {@code src/test/resources/registry/} over real HTTP on
 * loopback, so collectors are tested through the real client (timeouts, retries, conditional
 * requests). {@code /maven-central/…} and {@code /npm/…} map to the folders of the same name; a
 * path without a recording answers 404, as the registry did. Tests can override any path's answer
 * (an HTML error page, a 503, a slow answer…) and read how many requests arrived.
 */
public final class RecordedRegistry implements AutoCloseable {
    /** A scripted answer; {@code headers} are sent as they are (a recorded {@code Last-Modified}, say). */
    public record Answer(int status, String contentType, byte[] body, long delayMillis, Map<String, String> headers) {
        public Answer(int status, String contentType, byte[] body, long delayMillis) {
            this(status, contentType, body, delayMillis, Map.of());
        }

        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), 0);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, delayMillis, Map.copyOf(more));
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Integer, Answer>> overrides = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile boolean etags = true;

    public RecordedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    public String mavenCentral() {
        return base() + "/maven-central";
    }

    public String npm() {
        return base() + "/npm";
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code path} (e.g. {@code /npm/left-pad}) with what {@code answer} gives for the n-th request (1-based). */
    public void override(String path, Function<Integer, Answer> answer) {
        overrides.put(path, answer);
    }

    public void clearOverrides() {
        overrides.clear();
    }

    public void sendEtags(boolean on) {
        etags = on;
    }

    public int requests(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    public int totalRequests() {
        return total.get();
    }

    public int maxConcurrent() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            total.incrementAndGet();
            int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = overrides.containsKey(path) ? overrides.get(path).apply(n) : recorded(path);
            if (answer.delayMillis() > 0) {
                try {
                    Thread.sleep(answer.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String etag = "\"" + RegistryClientHttp.sha256(answer.body()).substring(0, 16) + "\"";
            if (etags && answer.status() == 200) {
                exchange.getResponseHeaders().add("ETag", etag);
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
            }
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Answer recorded(String path) throws IOException {
        String resource = "/registry" + (path.startsWith("/npm/") ? "/npm/" + path.substring(5).replace("/", "__") + ".json" : path);
        if (path.startsWith("/npm/-/npm/v1/attestations/")) {
            resource = "/registry/npm/attestations/" + path.substring("/npm/-/npm/v1/attestations/".length()).replace("/", "__") + ".json";
        }
        try (InputStream in = RecordedRegistry.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Answer.of(404, "text/plain", "Not Found");
            }
            String type = path.startsWith("/npm/") ? "application/json"
                    : path.endsWith(".xml") || path.endsWith(".pom") ? "text/xml"
                    : path.endsWith(".json") ? "application/octet-stream" : "text/plain";
            return new Answer(200, type, in.readAllBytes(), 0, recordedHeaders(resource));
        }
    }

    /**
     * The headers recorded beside a file ({@code <file>.headers}: {@code Name: value} lines, {@code #} comments),
     * sent with its answer as the registry sent them.
     */
    private static Map<String, String> recordedHeaders(String resource) throws IOException {
        try (InputStream in = RecordedRegistry.class.getResourceAsStream(resource + ".headers")) {
            if (in == null) {
                return Map.of();
            }
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && colon > 0) {
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            return Map.copyOf(headers);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
