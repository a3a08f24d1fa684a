package dev.trustmap.api.bom;

import jakarta.ws.rs.container.ContainerRequestContext;
import dev.trustmap.api.audit.Actor;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.trustmap.api.bom.model.BomProcessingResponse;
import dev.trustmap.api.bom.model.BomTokenResponse;
import dev.trustmap.api.bom.model.BomUploadRequest;
import dev.trustmap.api.platform.http.BoundedBody;
import dev.trustmap.api.platform.http.JsonBodies;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.http.StrictText;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.glassfish.jersey.media.multipart.BodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;

/**
 * Dependency-Track compatible BOM upload ({@code PUT} JSON with base64, {@code POST} multipart
 * form) and token polling. Authenticates with {@code X-Api-Key} like Dependency-Track (or a bearer
 * token). Pipelines switch by changing the URL and the key.
 */
@Path("/api/v1/bom")
@Produces(MediaType.APPLICATION_JSON)
public final class BomResource {
    private final BomCompatibilityService bom;
    private final long maxBytes;

    public BomResource(BomCompatibilityService bom, long maxBytes) {
        this.bom = bom;
        this.maxBytes = maxBytes;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
    public BomTokenResponse put(@HeaderParam("Content-Length") String contentLength, @Context SecurityContext security,
                                @Context ContainerRequestContext context,
                                @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = BomUploadRequest.class))) InputStream body) {
        byte[] raw = BoundedBody.read(body, contentLength, maxBytes / 3 * 4 + 64 * 1024, "TRUSTMAP_UPLOAD_MAX_BYTES");
        BomUploadRequest request = JsonBodies.read(raw, BomUploadRequest.class);
        return bom.upload(principal(security), Actor.of(context), request.project(), request.projectName(), request.projectVersion(),
                Boolean.TRUE.equals(request.autoCreate()), BomCompatibilityService.decodeBase64(request.bom()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
    public BomTokenResponse post(@RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                                         schema = @Schema(types = "object", description = "Form fields: projectName and projectVersion "
                                                 + "(or project, a uuid), autoCreate, and bom (the CycloneDX file or text)")))
                                 FormDataMultiPart form, @Context SecurityContext security,
                                 @Context ContainerRequestContext context) {
        if (form == null) {
            throw ProblemException.invalid("body", "a multipart form with projectName and bom is required");
        }
        byte[] document = part(form, "bom", maxBytes + 1);
        return bom.upload(principal(security), Actor.of(context), text(form, "project"), text(form, "projectName"), text(form, "projectVersion"),
                "true".equalsIgnoreCase(text(form, "autoCreate")), document);
    }

    @GET
    @Path("token/{uuid}")
    @RolesAllowed({Roles.SCANNER, Roles.VIEWER})
    public BomProcessingResponse token(@PathParam("uuid") String uuid) {
        return bom.processing(uuid);
    }

    private String text(FormDataMultiPart form, String name) {
        byte[] value = part(form, name, 64 * 1024);
        return value == null ? null : new String(StrictText.utf8(value, name), StandardCharsets.UTF_8).trim();
    }

    private static byte[] part(FormDataMultiPart form, String name, long limit) {
        BodyPart field = form.getField(name);
        if (field == null) {
            return null;
        }
        Object entity = field.getEntity();
        try (InputStream in = entity instanceof org.glassfish.jersey.media.multipart.BodyPartEntity e ? e.getInputStream()
                : new java.io.ByteArrayInputStream(String.valueOf(entity).getBytes(StandardCharsets.UTF_8))) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The form field " + name + " is larger than allowed");
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The form field " + name + " could not be read");
        }
    }

    private static TrustmapPrincipal principal(SecurityContext security) {
        return (TrustmapPrincipal) security.getUserPrincipal();
    }
}
