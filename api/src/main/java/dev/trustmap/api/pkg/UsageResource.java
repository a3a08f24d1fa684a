package dev.trustmap.api.pkg;

import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.pkg.model.UsageResponse;
import dev.trustmap.api.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Usage search: which services use a package, optionally below / at least / exactly a version. */
@Path("/api/v1/usages")
@Produces(MediaType.APPLICATION_JSON)
public final class UsageResource {
    private final PackageCatalogService packages;

    public UsageResource(PackageCatalogService packages) {
        this.packages = packages;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public UsageResponse usages(@QueryParam("purl") String purl, @QueryParam("below") String below,
                                @QueryParam("atLeast") String atLeast, @QueryParam("version") String version,
                                @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return packages.usages(purl, below, atLeast, version, Paging.of(offset, limit, Paging.MAX_LIMIT));
    }
}
