package dev.trustmap.api.service;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.service.model.ServiceRequest;
import dev.trustmap.api.service.model.ServiceResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Services: register, list, detail with current snapshot and history. */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
public final class ServiceResource {
    private final ServiceCatalogService services;

    public ServiceResource(ServiceCatalogService services) {
        this.services = services;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    public Response create(ServiceRequest request, @Context ContainerRequestContext context) {
        ServiceResponse created = services.create(request, Actor.of(context));
        return Response.created(URI.create("/api/v1/services/" + created.slug())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<ServiceResponse> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return services.list(paging.offset(), paging.limit());
    }

    @GET
    @Path("{service}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public ServiceResponse get(@PathParam("service") String service) {
        return services.get(service);
    }
}
