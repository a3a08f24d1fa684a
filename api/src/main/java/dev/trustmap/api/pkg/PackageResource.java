package dev.trustmap.api.pkg;

import dev.trustmap.api.evidence.TrustReportService;
import dev.trustmap.api.evidence.model.EventsResponse;
import dev.trustmap.api.pkg.model.PackageDetail;
import dev.trustmap.api.pkg.model.PackageSummary;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.service.model.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Packages. */
@Path("/api/v1/packages")
@Produces(MediaType.APPLICATION_JSON)
public final class PackageResource {
    private final PackageCatalogService packages;
    private final TrustReportService trust;

    public PackageResource(PackageCatalogService packages, TrustReportService trust) {
        this.packages = packages;
        this.trust = trust;
    }

    /** {@code GET /api/v1/packages/pkg:npm/left-pad/events?windowHours=720}: the package's trust events, newest first. */
    @GET
    @Path("{purl: pkg:.+}/events")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public EventsResponse events(@PathParam("purl") String purl, @QueryParam("windowHours") Integer windowHours,
                                 @QueryParam("limit") Integer limit) {
        return trust.packageEvents(purl, windowHours, limit);
    }

    /** Collect the package's evidence again now (after a registry incident, say). */
    @POST
    @Path("{purl: pkg:.+}/refresh")
    @RolesAllowed({Roles.REVIEWER})
    public Response refresh(@PathParam("purl") String purl) {
        return Response.accepted(Map.of("purl", purl, "versionsDue", trust.refresh(purl))).build();
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
