package dev.trustmap.api.provider;

import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.provider.model.CapabilityResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The capability view: which providers handle email, queueing, auth, … for which services, where. */
@Path("/api/v1/capabilities")
@Produces(MediaType.APPLICATION_JSON)
public final class CapabilityResource {
    private final ProviderService providers;

    public CapabilityResource(ProviderService providers) {
        this.providers = providers;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<CapabilityResponse> capabilities(@QueryParam("capability") String capability, @QueryParam("region") String region,
                                                 @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, Paging.MAX_LIMIT);
        return Page.of(providers.capabilities(capability, region), paging);
    }
}
