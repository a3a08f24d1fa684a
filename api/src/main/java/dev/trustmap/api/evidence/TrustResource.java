package dev.trustmap.api.evidence;

import dev.trustmap.api.evidence.model.EventsResponse;
import dev.trustmap.api.evidence.model.PortfolioSummary;
import dev.trustmap.api.platform.security.Roles;
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

/** Trust events, the portfolio summary, and manual evidence refresh. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class TrustResource {
    private final TrustReportService trust;

    public TrustResource(TrustReportService trust) {
        this.trust = trust;
    }

    /** {@code GET /api/v1/packages/pkg:npm/left-pad/events?windowHours=720}. */
    @GET
    @Path("packages/{purl: pkg:.+}/events")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public EventsResponse packageEvents(@PathParam("purl") String purl, @QueryParam("windowHours") Integer windowHours,
                                        @QueryParam("limit") Integer limit) {
        return trust.packageEvents(purl, windowHours, limit);
    }

    /** What changed in the dependencies of our services: {@code GET /api/v1/events?windowHours=24}. */
    @GET
    @Path("events")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public EventsResponse events(@QueryParam("windowHours") Integer windowHours, @QueryParam("limit") Integer limit) {
        return trust.portfolioEvents(windowHours, limit);
    }

    @GET
    @Path("portfolio/summary")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PortfolioSummary summary() {
        return trust.summary();
    }

    /** Collect a package's evidence again now (e.g. after a registry incident). */
    @POST
    @Path("packages/{purl: pkg:.+}/refresh")
    @RolesAllowed({Roles.REVIEWER})
    public Response refresh(@PathParam("purl") String purl) {
        int due = trust.refresh(purl);
        return Response.accepted(Map.of("purl", purl, "versionsDue", due)).build();
    }
}
