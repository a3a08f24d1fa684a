package dev.trustmap.api.dtrack;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.bom.BomCompatibilityService;
import dev.trustmap.api.dtrack.model.DtMetrics;
import dev.trustmap.api.dtrack.model.DtProject;
import dev.trustmap.api.dtrack.model.DtTeam;
import dev.trustmap.api.dtrack.model.DtVersion;
import dev.trustmap.api.dtrack.model.DtViolation;
import dev.trustmap.api.bom.model.BomProcessingResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.platform.http.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The part of Dependency-Track's v1 API that its common clients call after an upload (the Maven
 * plugin, the Jenkins plugin, DT's GitHub upload action): version, project lookup, list, read and
 * update, event-token polling, policy violations, current metrics, vulnerability findings (none:
 * Trustmap does not match vulnerabilities) and the key's team. Shapes are Dependency-Track's; errors
 * are Trustmap's problem documents with Dependency-Track's status codes. The upload itself is
 * {@link dev.trustmap.api.bom.BomResource}.
 */
public final class DependencyTrackResource {
    /** The Dependency-Track API level these shapes follow; clients compare it (Jenkins wants ≥ 4.12.0). */
    public static final String API_LEVEL = "4.12.0";
    private static final int MAX_PAGE = 1_000;

    private DependencyTrackResource() {
    }

    /** Every resource of this subset, to register. */
    public static List<Object> all(DependencyTrackService dt, BomCompatibilityService bom, String trustmapVersion) {
        return List.of(new Version(trustmapVersion), new Projects(dt), new Events(bom), new Violations(dt), new Metrics(dt),
                new Findings(dt), new Team(), new PoweredBy(trustmapVersion));
    }

    /** {@code GET /api/version}: with any key (Dependency-Track lets it be read without one; Trustmap opens only health and metrics). */
    @Path("/api/version")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Version {
        private final String trustmapVersion;

        public Version(String trustmapVersion) {
            this.trustmapVersion = trustmapVersion;
        }

        @GET
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public DtVersion version() {
            return new DtVersion(API_LEVEL, "Trustmap (Dependency-Track API subset)", "", UUID.nameUUIDFromBytes(
                    ("trustmap:" + trustmapVersion).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                    new DtVersion.Framework("Trustmap", trustmapVersion));
        }
    }

    /** Projects: list, lookup, read, update. */
    @Path("/api/v1/project")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Projects {
        private final DependencyTrackService dt;

        public Projects(DependencyTrackService dt) {
            this.dt = dt;
        }

        @GET
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        @ApiResponse(responseCode = "200", description = "One page of projects; X-Total-Count counts them all",
                content = @Content(array = @ArraySchema(schema = @Schema(implementation = DtProject.class))))
        public Response projects(@QueryParam("name") String name, @QueryParam("excludeInactive") Boolean excludeInactive,
                                 @QueryParam("onlyRoot") Boolean onlyRoot, @QueryParam("pageNumber") Integer pageNumber,
                                 @QueryParam("pageSize") Integer pageSize, @QueryParam("sortName") String sortName,
                                 @QueryParam("sortOrder") String sortOrder, @Context SecurityContext security) {
            int size = pageSize(pageSize, 100);
            return paged(dt.list(principal(security), name, pageNumber(pageNumber), size));
        }

        @GET
        @Path("lookup")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public DtProject lookup(@QueryParam("name") String name, @QueryParam("version") String version, @Context SecurityContext security) {
            return dt.lookup(principal(security), name, version);
        }

        @GET
        @Path("{uuid}")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public DtProject project(@PathParam("uuid") String uuid, @Context SecurityContext security) {
            return dt.get(principal(security), uuid);
        }

        @PATCH
        @Path("{uuid}")
        @Consumes(MediaType.APPLICATION_JSON)
        @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
        @ApiResponse(responseCode = "304", description = "Accepted; Trustmap stores none of Dependency-Track's project metadata")
        public Response patch(@PathParam("uuid") String uuid, Map<String, Object> body, @Context SecurityContext security) {
            dt.update(principal(security), uuid, body);
            return Response.notModified().build();
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @RolesAllowed({Roles.SCANNER, Roles.ADMIN})
        public DtProject update(Map<String, Object> body, @Context SecurityContext security) {
            dt.update(principal(security), null, body);
            return dt.get(principal(security), String.valueOf(body.get("uuid")));
        }
    }

    /** Event-token polling (Dependency-Track 4.x; {@code /api/v1/bom/token} is the older form). */
    @Path("/api/v1/event")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Events {
        private final BomCompatibilityService bom;

        public Events(BomCompatibilityService bom) {
            this.bom = bom;
        }

        @GET
        @Path("token/{uuid}")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public BomProcessingResponse event(@PathParam("uuid") String uuid) {
            return bom.processing(uuid);
        }
    }

    /** A project's policy violations. */
    @Path("/api/v1/violation")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Violations {
        private final DependencyTrackService dt;

        public Violations(DependencyTrackService dt) {
            this.dt = dt;
        }

        @GET
        @Path("project/{uuid}")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        @ApiResponse(responseCode = "200", description = "The current snapshot's policy findings; X-Total-Count counts them all",
                content = @Content(array = @ArraySchema(schema = @Schema(implementation = DtViolation.class))))
        public Response violations(@PathParam("uuid") String uuid, @QueryParam("suppressed") Boolean suppressed,
                                   @QueryParam("pageNumber") Integer pageNumber, @QueryParam("pageSize") Integer pageSize,
                                   @Context SecurityContext security) {
            int size = pageSize == null && pageNumber == null ? Integer.MAX_VALUE / 2 : pageSize(pageSize, 100);
            return paged(dt.violations(principal(security), uuid, pageNumber(pageNumber), size));
        }
    }

    /** A project's current metrics. */
    @Path("/api/v1/metrics")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Metrics {
        private final DependencyTrackService dt;

        public Metrics(DependencyTrackService dt) {
            this.dt = dt;
        }

        @GET
        @Path("project/{uuid}/current")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public DtMetrics metrics(@PathParam("uuid") String uuid, @Context SecurityContext security) {
            return dt.metrics(principal(security), uuid);
        }

        /** Dependency-Track recomputes metrics here; Trustmap's are read live: nothing to do once the project is found. */
        @GET
        @Path("project/{uuid}/refresh")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        @ApiResponse(responseCode = "200", description = "Nothing to do: Trustmap's metrics are read live")
        public Response refresh(@PathParam("uuid") String uuid, @Context SecurityContext security) {
            dt.metrics(principal(security), uuid);
            return Response.ok().build();
        }
    }

    /** A project's vulnerability findings. */
    @Path("/api/v1/finding")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Findings {
        private final DependencyTrackService dt;

        public Findings(DependencyTrackService dt) {
            this.dt = dt;
        }

        @GET
        @Path("project/{uuid}")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        @ApiResponse(responseCode = "200", description = "Always empty: Trustmap does not match vulnerabilities",
                content = @Content(array = @ArraySchema(schema = @Schema(types = "object"))))
        public Response findings(@PathParam("uuid") String uuid, @QueryParam("suppressed") Boolean suppressed,
                                 @QueryParam("source") String source, @QueryParam("pageNumber") Integer pageNumber,
                                 @QueryParam("pageSize") Integer pageSize, @Context SecurityContext security) {
            List<Object> none = dt.findings(principal(security), uuid);
            return Response.ok(none).header("X-Total-Count", none.size()).build();
        }
    }

    /** The calling key as a team. */
    @Path("/api/v1/team")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Team {

        public Team() {
        }

        @GET
        @Path("self")
        @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
        public DtTeam team(@Context SecurityContext security) {
            return DependencyTrackService.team(principal(security));
        }
    }

    private static Response paged(Page<?> page) {
        return Response.ok(page.items()).header("X-Total-Count", page.total()).build();
    }

    private static int pageNumber(Integer pageNumber) {
        if (pageNumber != null && pageNumber < 1) {
            throw ProblemException.invalid("pageNumber", "pageNumber counts from 1");
        }
        return pageNumber == null ? 1 : pageNumber;
    }

    private static int pageSize(Integer pageSize, int fallback) {
        if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE)) {
            throw ProblemException.invalid("pageSize", "pageSize is from 1 to " + MAX_PAGE);
        }
        return pageSize == null ? fallback : pageSize;
    }

    private static TrustmapPrincipal principal(SecurityContext security) {
        return (TrustmapPrincipal) security.getUserPrincipal();
    }

    /**
     * {@code X-Powered-By: Dependency-Track v4.12.0 (Trustmap …)} on the Dependency-Track routes, as
     * Dependency-Track sends it (the Jenkins plugin's connection test looks for that prefix).
     */
    public static final class PoweredBy implements ContainerResponseFilter {
        private final String value;

        public PoweredBy(String trustmapVersion) {
            this.value = "Dependency-Track v" + API_LEVEL + " (Trustmap " + trustmapVersion + ")";
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            String path = request.getUriInfo().getPath();
            if (path.startsWith("api/version") || path.startsWith("api/v1/bom") || path.startsWith("api/v1/project")
                    || path.startsWith("api/v1/event/") || path.startsWith("api/v1/violation/") || path.startsWith("api/v1/metrics/")
                    || path.startsWith("api/v1/finding/") || path.startsWith("api/v1/team/")) {
                response.getHeaders().putSingle("X-Powered-By", value);
            }
        }
    }
}
