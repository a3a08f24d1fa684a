package dev.trustmap.api.sbom;

import jakarta.ws.rs.container.ContainerRequestContext;
import dev.trustmap.api.audit.Actor;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.platform.http.BoundedBody;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.sbom.model.JobResponse;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.service.model.SnapshotSummary;
import dev.trustmap.api.sbom.model.ComponentResponse;
import dev.trustmap.scanner.sbom.SbomFormat;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * SBOM upload and snapshot reads. An upload is answered {@code 202 Accepted} with the job's
 * status URL, or — with {@code ?wait=<seconds>} — {@code 200} with the finished job once its data
 * is committed (still {@code 202} if the wait ran out first).
 */
@Path("/api/v1/services/{service}/sboms")
@Produces(MediaType.APPLICATION_JSON)
public final class SbomResource {
    private static final String UPLOAD_EXAMPLE = """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
             "metadata":{"component":{"type":"application","name":"checkout-api","version":"1.6.0"}},
             "components":[{"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.17.1",
                            "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"}]}""";
    private final SbomUploadService uploads;
    private final JobService jobs;
    private final SnapshotService snapshots;
    private final long maxBytes;
    private final int maxWaitSeconds;

    public SbomResource(SbomUploadService uploads, JobService jobs, SnapshotService snapshots, long maxBytes, int maxWaitSeconds) {
        this.uploads = uploads;
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.maxBytes = maxBytes;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
    @ApiResponse(responseCode = "200", description = "With ?wait=: the job finished (completed or failed) and its data is committed",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @ApiResponse(responseCode = "202", description = "Accepted: the job is queued; Location is its status URL",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    public Response upload(@PathParam("service") String service,
                           @HeaderParam("Content-Type") String contentType,
                           @HeaderParam("Content-Length") String contentLength,
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @QueryParam("wait") @DefaultValue("0") String wait,
                           @QueryParam("label") String label,
                           @QueryParam("autoCreate") @DefaultValue("false") boolean autoCreate,
                           @Context SecurityContext security,
                           @Context ContainerRequestContext context,
                           @RequestBody(required = true, description = "A CycloneDX SBOM (spec 1.4–1.6), JSON or XML", content = {
                               @Content(mediaType = "application/vnd.cyclonedx+json", schema = @Schema(types = "object"),
                                       examples = @ExampleObject(name = "cyclonedx", summary = "A CycloneDX JSON SBOM", value = UPLOAD_EXAMPLE)),
                               @Content(mediaType = "application/vnd.cyclonedx+xml", schema = @Schema(types = "string"))})
                           InputStream body) {
        SbomFormat format = SbomFormat.fromContentType(contentType);
        if (format == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + (contentType == null ? "is missing" : "'" + shorten(contentType) + "' is not accepted")
                    + "; send application/vnd.cyclonedx+json, application/vnd.cyclonedx+xml, application/json or application/xml");
        }
        Duration waitFor = waitDuration(wait);
        byte[] document = BoundedBody.read(body, contentLength, maxBytes, "TRUSTMAP_UPLOAD_MAX_BYTES");
        TrustmapPrincipal who = (TrustmapPrincipal) security.getUserPrincipal();
        SbomUploadService.Submission submission = uploads.submit(who, Actor.of(context), service, format, document, label, autoCreate,
                idempotencyKey);
        JobResponse job = jobs.awaitAccepted(JobResponse.accepted(submission.jobId(), service, label,
                format.name().toLowerCase(java.util.Locale.ROOT), document.length, who.getName()), waitFor);
        Response.ResponseBuilder response = job.terminal() ? Response.ok(job)
                : Response.accepted(job).location(URI.create(job.statusUrl())).header("Retry-After", "2");
        if (submission.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<SnapshotSummary> history(@PathParam("service") String service, @QueryParam("offset") Integer offset,
                                         @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, Paging.MAX_LIMIT);
        return Page.of(snapshots.history(service), paging);
    }

    @GET
    @Path("{snapshot}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public SnapshotSummary snapshot(@PathParam("service") String service, @PathParam("snapshot") String snapshot) {
        return snapshots.get(service, uuid(snapshot));
    }

    @GET
    @Path("{snapshot}/components")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<ComponentResponse> components(@PathParam("service") String service, @PathParam("snapshot") String snapshot,
                                          @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return snapshots.components(service, uuid(snapshot), Paging.of(offset, limit));
    }

    private Duration waitDuration(String wait) {
        long seconds;
        try {
            seconds = Long.parseLong(wait);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("wait", "whole seconds from 0 to " + maxWaitSeconds);
        }
        if (seconds < 0 || seconds > maxWaitSeconds) {
            throw ProblemException.invalid("wait", "whole seconds from 0 to " + maxWaitSeconds);
        }
        return Duration.ofSeconds(seconds);
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "a UUID");
        }
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
