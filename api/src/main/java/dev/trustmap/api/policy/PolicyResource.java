package dev.trustmap.api.policy;

import dev.trustmap.api.audit.Actor;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.policy.model.DryRunResponse;
import dev.trustmap.api.policy.model.PolicyBundle;
import dev.trustmap.api.policy.model.PolicyRequest;
import dev.trustmap.api.policy.model.PolicyResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import dev.trustmap.api.platform.http.ClientConnection;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;

/** Policies: list, read, history, create, update (versioned), enable/disable, dry run, and the CLI's offline bundle. */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public final class PolicyResource {
    private final PolicyCatalogService catalog;
    private final PolicyEvaluationService evaluations;
    private final GateService gate;

    public PolicyResource(PolicyCatalogService catalog, PolicyEvaluationService evaluations, GateService gate) {
        this.catalog = catalog;
        this.evaluations = evaluations;
        this.gate = gate;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<PolicyResponse> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(catalog.list(), Paging.of(offset, limit, Paging.MAX_LIMIT));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = PolicyResponse.class)))
    public Response create(PolicyRequest request, @Context SecurityContext security, @Context ContainerRequestContext context) {
        PolicyResponse created = catalog.create(principal(security), Actor.of(context), require(request));
        return Response.created(URI.create("/api/v1/policies/" + created.name())).entity(created).build();
    }

    /** Evaluates a draft policy on the current portfolio without saving it. */
    @POST
    @Path("dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REVIEWER})
    public DryRunResponse dryRun(PolicyRequest request, @QueryParam("limit") @DefaultValue("200") int limit,
                                 @Context ContainerRequestContext context) {
        if (limit < 1 || limit > 5000) {
            throw ProblemException.invalid("limit", "1–5000");
        }
        return evaluations.dryRun(require(request), limit, ClientConnection.gone(context));
    }

    @GET
    @Path("bundle")
    @RolesAllowed({Roles.VIEWER, Roles.SCANNER})
    public PolicyBundle bundle(@QueryParam("service") String service, @Context SecurityContext security) {
        if (service == null || service.isBlank()) {
            throw ProblemException.invalid("service", "service is required");
        }
        return gate.bundle(principal(security), service);
    }

    @GET
    @Path("{name}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public PolicyResponse get(@PathParam("name") String name) {
        return catalog.get(name);
    }

    @GET
    @Path("{name}/history")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public Page<PolicyResponse> history(@PathParam("name") String name, @QueryParam("offset") Integer offset,
                                        @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, Paging.MAX_LIMIT);
        return Page.of(catalog.history(name), paging);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public PolicyResponse.Write put(@PathParam("name") String name, PolicyRequest request, @Context SecurityContext security,
                                    @Context ContainerRequestContext context) {
        return catalog.put(principal(security), Actor.of(context), name, require(request));
    }

    @POST
    @Path("{name}/enable")
    @RolesAllowed(Roles.ADMIN)
    public PolicyResponse.Write enable(@PathParam("name") String name, @Context SecurityContext security,
                                       @Context ContainerRequestContext context) {
        catalog.get(name);
        return catalog.setEnabled(principal(security), Actor.of(context), name, true);
    }

    @POST
    @Path("{name}/disable")
    @RolesAllowed(Roles.ADMIN)
    public PolicyResponse.Write disable(@PathParam("name") String name, @Context SecurityContext security,
                                        @Context ContainerRequestContext context) {
        catalog.get(name);
        return catalog.setEnabled(principal(security), Actor.of(context), name, false);
    }

    private static PolicyRequest require(PolicyRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "a policy JSON body is required");
        }
        return request;
    }

    private static TrustmapPrincipal principal(SecurityContext security) {
        return (TrustmapPrincipal) security.getUserPrincipal();
    }
}
