package dev.trustmap.api.policy;

import dev.trustmap.api.policy.model.ViolationsResponse;
import dev.trustmap.api.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A service's current violations (the stored evaluation of its current snapshot). */
@Path("/api/v1/services/{service}/violations")
@Produces(MediaType.APPLICATION_JSON)
public final class ViolationResource {
    private final PolicyEvaluationService evaluations;

    public ViolationResource(PolicyEvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public ViolationsResponse current(@PathParam("service") String service) {
        return evaluations.violations(service);
    }
}
