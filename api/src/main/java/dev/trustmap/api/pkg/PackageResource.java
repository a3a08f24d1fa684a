package dev.trustmap.api.pkg;

import dev.trustmap.api.evidence.model.EventsResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.evidence.TrustReportService;
import dev.trustmap.api.pkg.model.PackageDetail;
import dev.trustmap.api.pkg.model.PackageSummary;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.http.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Encoded;
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

    /**
     * {@code GET /api/v1/packages/pkg:npm/left-pad/events?windowHours=720}: the package's trust events, newest first.
     * {@code pkg:npm/events} itself (a package named {@code events}, unencoded) is that package, not events of {@code pkg:npm}.
     */
    @GET
    @Path("{purl: pkg(:|%3[Aa]).+}/events")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    @ApiResponse(responseCode = "200", description = "The package's events (or, for a package named events, that package)",
            content = @Content(schema = @Schema(oneOf = {EventsResponse.class, PackageDetail.class})))
    public Object events(@Encoded @PathParam("purl") String purl, @QueryParam("windowHours") Integer windowHours,
                         @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        String given = PathPurl.of(purl);
        if (!given.contains("/") && windowHours == null && limit == null && offset == null) {
            return packages.get(PathPurl.of(purl + "/events"));
        }
        return trust.packageEvents(given, windowHours, Paging.of(offset, limit, dev.trustmap.api.evidence.TrustResource.EVENTS_PAGE));
    }

    /** Collect the package's evidence again now (after a registry incident, say). */
    @POST
    @Path("{purl: pkg(:|%3[Aa]).+}/refresh")
    @RolesAllowed({Roles.REVIEWER})
    @ApiResponse(responseCode = "202", description = "Accepted: {purl, versionsDue}", content = @Content(schema = @Schema(types = "object")))
    public Response refresh(@Encoded @PathParam("purl") String purl) {
        String given = PathPurl.of(purl);
        return Response.accepted(Map.of("purl", given, "versionsDue", trust.refresh(given))).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<PackageSummary> list(@QueryParam("ecosystem") String ecosystem, @QueryParam("prefix") String prefix,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return packages.list(ecosystem, prefix, paging.offset(), paging.limit());
    }

    /**
     * {@code GET /api/v1/packages/pkg:maven/org.apache.logging.log4j/log4j-core}, or the purl encoded as one segment
     * ({@code pkg%3Amaven%2Forg.apache.logging.log4j%2Flog4j-core}), or {@code ?purl=}.
     */
    @GET
    @Path("{purl: pkg(:|%3[Aa]).+}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PackageDetail get(@Encoded @PathParam("purl") String purl) {
        return packages.get(PathPurl.of(purl));
    }

    @GET
    @Path("detail")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PackageDetail getByQuery(@QueryParam("purl") String purl) {
        return packages.get(purl);
    }
}
