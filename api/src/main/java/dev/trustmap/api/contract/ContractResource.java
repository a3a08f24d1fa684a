package dev.trustmap.api.contract;

import dev.trustmap.api.audit.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.contract.model.ContractResponse;
import dev.trustmap.api.contract.model.ContractWriteResponse;
import dev.trustmap.api.platform.http.BoundedBody;
import dev.trustmap.api.platform.http.StrictText;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/** Dependency contracts of one service: list, read, history, write, remove. */
@Path("/api/v1/services/{service}/contracts")
@Produces(MediaType.APPLICATION_JSON)
public final class ContractResource {
    static final long MAX_BYTES = 3L * 1024 * 1024;
    private final ContractService contracts;

    public ContractResource(ContractService contracts) {
        this.contracts = contracts;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<ContractResponse> list(@PathParam("service") String service,
                                       @QueryParam("includeRemoved") @DefaultValue("false") boolean includeRemoved,
                                       @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, Paging.MAX_LIMIT);
        return Page.of(contracts.list(service, includeRemoved), paging);
    }

    @GET
    @Path("{name}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public ContractResponse get(@PathParam("service") String service, @PathParam("name") String name) {
        return contracts.get(service, name);
    }

    @GET
    @Path("{name}/history")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<ContractResponse> history(@PathParam("service") String service, @PathParam("name") String name,
                                          @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, Paging.MAX_LIMIT);
        return Page.of(contracts.history(service, name), paging);
    }

    /** Body: one dependency as in a topology file (snake_case keys), JSON or YAML. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.SCANNER})
    public ContractWriteResponse put(@PathParam("service") String service, @PathParam("name") String name,
                                     @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") String contentLength,
                                     @Context SecurityContext security,
                                     @Context ContainerRequestContext context,
                                     @RequestBody(description = "One dependency as in a topology file (snake_case keys)", required = true,
                                             content = {@Content(mediaType = "application/yaml", schema = @Schema(types = "string")),
                                                 @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(types = "object"))})
                                     InputStream body) {
        requireYamlOrJson(contentType);
        return contracts.put((TrustmapPrincipal) security.getUserPrincipal(), Actor.of(context), service, name, StrictText.utf8(BoundedBody.read(body, contentLength, MAX_BYTES), "body"));
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed({Roles.ADMIN, Roles.SCANNER})
    public ContractResponse remove(@PathParam("service") String service, @PathParam("name") String name,
                                   @Context SecurityContext security, @Context ContainerRequestContext context) {
        return contracts.remove((TrustmapPrincipal) security.getUserPrincipal(), Actor.of(context), service, name);
    }

    static void requireYamlOrJson(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!(type.equals("application/json") || type.endsWith("+json") || type.equals("application/yaml")
                || type.equals("application/x-yaml") || type.equals("text/yaml") || type.equals("text/x-yaml")
                || type.endsWith("+yaml"))) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + (contentType == null ? "is missing" : "'" + type + "' is not accepted")
                    + "; send application/yaml or application/json");
        }
    }
}
