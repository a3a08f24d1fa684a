package dev.trustmap.api.policy;

import dev.trustmap.api.audit.Actor;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.trustmap.api.policy.model.GateResponse;
import dev.trustmap.api.platform.http.BoundedBody;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.scanner.sbom.SbomFormat;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import dev.trustmap.api.platform.http.ClientConnection;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/**
 * The CI gate. With a CycloneDX body: stores it as the service's new snapshot and decides. With
 * {@code snapshot=<id>|current} and no body: decides on a stored snapshot.
 */
@Path("/api/v1/gate")
@Produces(MediaType.APPLICATION_JSON)
public final class GateResource {
    private final GateService gate;
    private final long maxBytes;

    public GateResource(GateService gate, long maxBytes) {
        this.gate = gate;
        this.maxBytes = maxBytes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
    public GateResponse decide(@QueryParam("service") String service,
                               @QueryParam("snapshot") String snapshot,
                               @QueryParam("pending") String pending,
                               @QueryParam("pendingWaitSeconds") Integer pendingWaitSeconds,
                               @QueryParam("label") String label,
                               @QueryParam("autoCreate") @DefaultValue("false") boolean autoCreate,
                               @HeaderParam("Content-Type") String contentType,
                               @HeaderParam("Content-Length") String contentLength,
                               @HeaderParam("Idempotency-Key") String idempotencyKey,
                               @Context SecurityContext security,
                               @Context ContainerRequestContext context,
                               @RequestBody(description = "A CycloneDX SBOM; none with ?snapshot=", content = {
                                   @Content(mediaType = "application/vnd.cyclonedx+json", schema = @Schema(types = "object")),
                                   @Content(mediaType = "application/vnd.cyclonedx+xml", schema = @Schema(types = "string"))})
                               InputStream body) {
        if (service == null || service.isBlank()) {
            throw ProblemException.invalid("service", "service is required (?service=<slug>)");
        }
        TrustmapPrincipal who = (TrustmapPrincipal) security.getUserPrincipal();
        GateService.Options options = new GateService.Options(pending, pendingWaitSeconds, label, autoCreate, idempotencyKey,
                ClientConnection.gone(context));
        if (snapshot != null) {
            return gate.gate(who, service, snapshot, options);
        }
        SbomFormat format = SbomFormat.fromContentType(contentType);
        if (format == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + (contentType == null ? "is missing" : "is not accepted")
                    + "; send a CycloneDX SBOM as application/vnd.cyclonedx+json, application/vnd.cyclonedx+xml, application/json or "
                    + "application/xml, or name a stored snapshot with ?snapshot=<id>|current");
        }
        byte[] document = BoundedBody.read(body, contentLength, maxBytes, "TRUSTMAP_UPLOAD_MAX_BYTES");
        return gate.gate(who, Actor.of(context), service, format, document, options);
    }
}
