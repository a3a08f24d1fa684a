package dev.trustmap.api.pkg;

import dev.trustmap.api.pkg.model.PackageDetail;
import dev.trustmap.api.pkg.model.PackageSummary;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.service.model.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Packages. */
@Path("/api/v1/packages")
@Produces(MediaType.APPLICATION_JSON)
public final class PackageResource {
    private final PackageCatalogService packages;

    public PackageResource(PackageCatalogService packages) {
        this.packages = packages;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<PackageSummary> list(@QueryParam("ecosystem") String ecosystem, @QueryParam("prefix") String prefix,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return packages.list(ecosystem, prefix, paging.offset(), paging.limit());
    }

    /** {@code GET /api/v1/packages/pkg:maven/org.apache.logging.log4j/log4j-core} (or {@code ?purl=}). */
    @GET
    @Path("{purl: pkg:.+}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PackageDetail get(@PathParam("purl") String purl) {
        return packages.get(purl);
    }

    @GET
    @Path("detail")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PackageDetail getByQuery(@QueryParam("purl") String purl) {
        return packages.get(purl);
    }
}
