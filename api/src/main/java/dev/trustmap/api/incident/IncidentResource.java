package dev.trustmap.api.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.incident.model.SnapshotInfo;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Incident lookups. Answered from the graph snapshot, never from the database; every answer
 * carries {@code X-Trustmap-Snapshot-Age} (seconds) and {@code X-Trustmap-Snapshot-Source}
 * ({@code live}, or {@code snapshot} while the database is unreachable). Identical lookups within
 * a second share one rendered body.
 */
@Path("/api/v1/incident")
public final class IncidentResource {
    private static final String MARKDOWN = "text/markdown; charset=utf-8";
    private static final long CACHE_NANOS = 1_000_000_000L;
    /** Large answers (a high {@code limit}) are rendered per request rather than held. */
    private static final int MAX_CACHED_BYTES = 128 * 1024;
    private final IncidentService incidents;
    private final ObjectMapper json;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] body, String type, long at, long version) {
    }

    public IncidentResource(IncidentService incidents, ObjectMapper json) {
        this.incidents = incidents;
        this.json = json;
    }

    @GET
    @Path("providers/{provider}")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Response provider(@PathParam("provider") String provider, @QueryParam("region") String region,
                             @QueryParam("capability") String capability,
                             @QueryParam("windowHours") @DefaultValue("24") String windowHours,
                             @QueryParam("limit") @DefaultValue("50") String limit,
                             @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        int window = window(windowHours);
        int max = limit(limit);
        boolean markdown = "markdown".equals(format) || (format == null && accept != null && accept.startsWith("text/markdown"));
        if (format != null && !format.equals("markdown") && !format.equals("json")) {
            throw ProblemException.invalid("format", "json or markdown");
        }
        String key = "p|" + provider + "|" + region + "|" + capability + "|" + window + "|" + max + "|" + markdown;
        return cached(key, markdown ? MARKDOWN : MediaType.APPLICATION_JSON, () -> {
            var answer = incidents.providerIncident(provider, region, capability, window, max);
            return markdown ? IncidentMarkdownView.render(answer).getBytes(StandardCharsets.UTF_8) : write(answer);
        });
    }

    @GET
    @Path("providers/{provider}/graph")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Response providerGraph(@PathParam("provider") String provider, @QueryParam("region") String region,
                                  @QueryParam("capability") String capability) {
        return cached("g|" + provider + "|" + region + "|" + capability, MediaType.APPLICATION_JSON,
                () -> write(incidents.providerGraph(provider, region, capability)));
    }

    @GET
    @Path("services/{service}/providers")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Response serviceProviders(@PathParam("service") String service) {
        return cached("s|" + service, MediaType.APPLICATION_JSON, () -> write(incidents.serviceProviders(service)));
    }

    private Response cached(String key, String type, Supplier<byte[]> render) {
        SnapshotInfo snapshot = incidents.snapshotInfo();
        long now = System.nanoTime();
        Cached hit = cache.get(key);
        if (hit == null || now - hit.at() > CACHE_NANOS || hit.version() != snapshot.changeVersion()
                || !snapshot.databaseReachable()) {
            if (cache.size() > 2_000) {
                cache.clear();
            }
            hit = new Cached(render.get(), type, now, snapshot.changeVersion());
            if (hit.body().length <= MAX_CACHED_BYTES) {
                cache.put(key, hit);
            }
        }
        return Response.ok(hit.body(), hit.type())
                .header("X-Trustmap-Snapshot-Age", snapshot.ageSeconds())
                .header("X-Trustmap-Snapshot-Source", snapshot.source())
                .build();
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= IncidentService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid("limit", "1 to " + IncidentService.MAX_LIMIT);
    }

    private static int window(String value) {
        try {
            int hours = Integer.parseInt(value);
            if (hours >= 0 && hours <= IncidentService.MAX_WINDOW_HOURS) {
                return hours;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid("windowHours", "whole hours from 0 to " + IncidentService.MAX_WINDOW_HOURS);
    }
}
