package dev.trustmap.api.evidence;

import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.evidence.model.EventsResponse;
import dev.trustmap.api.evidence.model.PortfolioSummary;
import dev.trustmap.api.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The portfolio-wide trust events feed and summary (a package's own events are under {@link dev.trustmap.api.pkg.PackageResource}). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class TrustResource {
    private final TrustReportService trust;

    public TrustResource(TrustReportService trust) {
        this.trust = trust;
    }

    /** Events on a page when no limit is asked. */
    public static final int EVENTS_PAGE = 200;

    /** What changed in the dependencies of our services: {@code GET /api/v1/events?windowHours=24}. */
    @GET
    @Path("events")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public EventsResponse events(@QueryParam("windowHours") Integer windowHours, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit) {
        return trust.portfolioEvents(windowHours, Paging.of(offset, limit, EVENTS_PAGE));
    }

    @GET
    @Path("portfolio/summary")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PortfolioSummary summary() {
        return trust.summary();
    }
}
