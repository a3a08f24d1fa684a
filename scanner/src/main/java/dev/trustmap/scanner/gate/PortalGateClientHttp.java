package dev.trustmap.scanner.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.scanner.sbom.SbomFormat;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The portal over HTTP (JDK client). The token goes only into the {@code Authorization} header; no
 * message built here ever contains it. 5xx answers, connection failures and timeouts are
 * "unreachable"; 4xx answers are the caller's problem, reported with the portal's own detail.
 */
public final class PortalGateClientHttp implements PortalGateClient {
    private final URI portal;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public PortalGateClientHttp(URI portal, String token, Duration timeout) {
        this.portal = portal;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(10, timeout.toSeconds()))).build();
    }

    @Override
    public GateReport gate(String service, byte[] sbom, SbomFormat format, GateOptions options) throws PortalException {
        StringBuilder query = new StringBuilder("?service=").append(encode(service));
        if (options.pending() != null) {
            query.append("&pending=").append(encode(options.pending()));
        }
        if (options.pendingWaitSeconds() != null) {
            query.append("&pendingWaitSeconds=").append(options.pendingWaitSeconds());
        }
        if (options.label() != null) {
            query.append("&label=").append(encode(options.label()));
        }
        if (options.autoCreate()) {
            query.append("&autoCreate=true");
        }
        HttpRequest request = request("/api/v1/gate" + query)
                .header("Content-Type", format.mediaType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build();
        byte[] body = send(request);
        try {
            return json.readValue(body, GateReport.class).withMode("portal", java.util.List.of());
        } catch (IOException e) {
            throw new PortalException(200, "the portal's answer is not a gate decision", true);
        }
    }

    @Override
    public byte[] bundle(String service) throws PortalException {
        return send(request("/api/v1/policies/bundle?service=" + encode(service)).GET().build());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        String base = portal.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private byte[] send(HttpRequest request) throws PortalException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PortalException(0, "the portal at " + portal + " cannot be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalException(0, "interrupted", true);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String detail = detail(response.body());
        if (status >= 500 || status == 429) {
            throw new PortalException(status, "the portal answered " + status + (detail.isEmpty() ? "" : ": " + detail), true);
        }
        String hint = status == 401 ? " (check the token: --token or TRUSTMAP_TOKEN)" : status == 403 ? " (the token may not do this)" : "";
        throw new PortalException(status, "the portal refused the request (" + status + ")" + hint + (detail.isEmpty() ? "" : ": " + detail), false);
    }

    private String detail(byte[] body) {
        try {
            JsonNode problem = json.readTree(body);
            StringBuilder out = new StringBuilder(problem.path("detail").asText(problem.path("title").asText("")));
            for (JsonNode error : problem.path("errors")) {
                out.append("; ").append(error.path("field").asText()).append(": ").append(error.path("message").asText());
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
