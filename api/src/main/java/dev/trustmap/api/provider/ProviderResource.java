package dev.trustmap.api.provider;

import dev.trustmap.api.audit.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.QueryParam;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.provider.model.ProviderRequest;
import dev.trustmap.api.provider.model.ProviderResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Providers. */
@Path("/api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
public final class ProviderResource {
    private final ProviderService providers;

    public ProviderResource(ProviderService providers) {
        this.providers = providers;
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ProviderResponse put(@PathParam("name") String name, ProviderRequest request, @Context ContainerRequestContext context) {
        return providers.put(name, request, Actor.of(context));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<ProviderResponse> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(providers.list(), Paging.of(offset, limit, Paging.MAX_LIMIT));
    }

    @GET
    @Path("{name}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public ProviderResponse get(@PathParam("name") String name) {
        return providers.get(name);
    }
}
