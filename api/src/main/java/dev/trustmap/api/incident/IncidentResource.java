package dev.trustmap.api.incident;

import dev.trustmap.api.incident.model.ProviderMapResponse;
import dev.trustmap.api.incident.model.GraphResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.incident.model.IncidentResponse;
import dev.trustmap.api.incident.model.SnapshotInfo;
import dev.trustmap.api.incident.model.SnapshotStamped;
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
 * ({@code live}, or {@code snapshot} while the database is unreachable). Identical lookups share
 * one computed answer per graph snapshot for up to ten seconds; what each says about the
 * snapshot (its age, whether the database is reachable) is always current.
 */
@Path("/api/v1/incident")
public final class IncidentResource {
    private static final String MARKDOWN = "text/markdown; charset=utf-8";
    /**
     * How long a computed answer is reused within one graph snapshot: the snapshot's life (a new one is
     * built after every change, and at least every {@link IncidentGraphJob#MAX_AGE}, which always computes
     * afresh); only the recent-changes window's cut-off can drift by this much (a minute of a window of
     * hours). Computing the answers again more often (every 10 s until 2026-12-05) made old-generation
     * garbage under load: each answer outlives many young collections.
     */
    private static final long CACHE_NANOS = IncidentGraphJob.MAX_AGE.toNanos();
    /** Answers kept at most (each is small: {@code limit} services and changes). */
    private static final int MAX_CACHED = 2_000;
    /** Large answers (a high {@code limit}) are computed per request rather than held. */
    private static final int MAX_CACHED_LIMIT = IncidentService.DEFAULT_LIMIT * 4;
    private final IncidentService incidents;
    private final ObjectMapper json;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A computed answer, the snapshot it was computed from, and its JSON (but for the snapshot facts), written once. */
    private static final class Cached {
        final SnapshotStamped<?> answer;
        final long at;
        final java.time.Instant builtAt;
        final long version;
        /** The JSON before and after the snapshot facts, which are written per request (their age changes every second). */
        volatile Rendered rendered;

        Cached(SnapshotStamped<?> answer, long at, java.time.Instant builtAt, long version) {
            this.answer = answer;
            this.at = at;
            this.builtAt = builtAt;
            this.version = version;
        }

        boolean validFor(SnapshotInfo snapshot, long now) {
            return now - at <= CACHE_NANOS && builtAt.equals(snapshot.builtAt()) && version == snapshot.changeVersion();
        }
    }

    /**
     * An answer's JSON around its {@code snapshot} object. Written once per computed answer, not again every
     * second for the snapshot's age: re-writing every cached answer each second made old-generation garbage
     * (each copy outlived many young collections) and a full collection every few seconds under load.
     */
    private record Rendered(byte[] head, byte[] tail) {
    }

    /** The latest snapshot facts as JSON: they change at most once a second and are shared by every answer. */
    private record SnapshotJson(SnapshotInfo snapshot, byte[] json) {
    }

    /** Stands in for the snapshot facts while an answer is written once; found again by its unique JSON. */
    private static final SnapshotInfo PLACEHOLDER = new SnapshotInfo(java.time.Instant.EPOCH, Long.MIN_VALUE,
            "\u0000trustmap-snapshot-placeholder", false, Long.MIN_VALUE);
    private final byte[] placeholderJson;
    private volatile SnapshotJson snapshotJson;

    public IncidentResource(IncidentService incidents, ObjectMapper json) {
        this.incidents = incidents;
        this.json = json;
        this.placeholderJson = write(PLACEHOLDER);
    }

    @GET
    @Path("providers/{provider}")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    @ApiResponse(responseCode = "200", description = "The blast radius (JSON, or Markdown for the incident channel)", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentResponse.class)),
        @Content(mediaType = "text/markdown", schema = @Schema(types = "string"))})
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
        String key = "p|" + provider + "|" + region + "|" + capability + "|" + window + "|" + max;
        if (markdown) {
            IncidentResponse answer = cached(key, max <= MAX_CACHED_LIMIT,
                    () -> incidents.providerIncident(provider, region, capability, window, max));
            return respond(IncidentMarkdownView.render(answer).getBytes(StandardCharsets.UTF_8), MARKDOWN, answer.snapshot());
        }
        return json(key, max <= MAX_CACHED_LIMIT, () -> incidents.providerIncident(provider, region, capability, window, max));
    }

    @GET
    @Path("providers/{provider}/graph")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = GraphResponse.class)))
    public Response providerGraph(@PathParam("provider") String provider, @QueryParam("region") String region,
                                  @QueryParam("capability") String capability) {
        return json("g|" + provider + "|" + region + "|" + capability, true, () -> incidents.providerGraph(provider, region, capability));
    }

    @GET
    @Path("services/{service}/providers")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ProviderMapResponse.class)))
    public Response serviceProviders(@PathParam("service") String service) {
        return json("s|" + service, true, () -> incidents.serviceProviders(service));
    }

    /**
     * The answer for {@code key}: computed once per graph snapshot and reused for up to
     * {@link #CACHE_NANOS}, with the snapshot facts (age, whether the database is reachable)
     * always current.
     */
    @SuppressWarnings("unchecked")
    private <T extends SnapshotStamped<T>> T cached(String key, boolean keep, Supplier<T> compute) {
        SnapshotInfo snapshot = incidents.snapshotInfo();
        return ((T) entry(key, keep, compute, snapshot).answer).withSnapshot(snapshot);
    }

    private Cached entry(String key, boolean keep, Supplier<? extends SnapshotStamped<?>> compute, SnapshotInfo snapshot) {
        long now = System.nanoTime();
        Cached hit = keep ? cache.get(key) : null;
        if (hit == null || !hit.validFor(snapshot, now)) {
            hit = new Cached(compute.get(), now, snapshot.builtAt(), snapshot.changeVersion());
            if (keep) {
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
                cache.put(key, hit);
            }
        }
        return hit;
    }

    /** The JSON answer for {@code key}: the answer's JSON written once, the current snapshot facts put in per request. */
    private Response json(String key, boolean keep, Supplier<? extends SnapshotStamped<?>> compute) {
        SnapshotInfo snapshot = incidents.snapshotInfo();
        Cached entry = entry(key, keep, compute, snapshot);
        Rendered rendered = entry.rendered;
        if (rendered == null) {
            rendered = render(entry.answer);
            if (rendered == null) {
                return respond(write(entry.answer.withSnapshot(snapshot)), MediaType.APPLICATION_JSON, snapshot);
            }
            entry.rendered = rendered;
        }
        SnapshotJson facts = snapshotJson;
        if (facts == null || !facts.snapshot().equals(snapshot)) {
            facts = new SnapshotJson(snapshot, write(snapshot));
            snapshotJson = facts;
        }
        byte[] body = new byte[rendered.head().length + facts.json().length + rendered.tail().length];
        System.arraycopy(rendered.head(), 0, body, 0, rendered.head().length);
        System.arraycopy(facts.json(), 0, body, rendered.head().length, facts.json().length);
        System.arraycopy(rendered.tail(), 0, body, rendered.head().length + facts.json().length, rendered.tail().length);
        return respond(body, MediaType.APPLICATION_JSON, snapshot);
    }

    /** The answer's JSON split where its snapshot facts go, or null if the placeholder is not found once. */
    private Rendered render(SnapshotStamped<?> answer) {
        byte[] whole = write(answer.withSnapshot(PLACEHOLDER));
        int at = indexOf(whole, placeholderJson, 0);
        if (at < 0 || indexOf(whole, placeholderJson, at + 1) >= 0) {
            return null;
        }
        return new Rendered(java.util.Arrays.copyOfRange(whole, 0, at),
                java.util.Arrays.copyOfRange(whole, at + placeholderJson.length, whole.length));
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        outer:
        for (int i = from; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Response respond(byte[] body, String type, SnapshotInfo snapshot) {
        return Response.ok(body, type)
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
