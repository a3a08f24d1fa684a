package dev.trustmap.api.sbom;

import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.sbom.model.JobResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/** Ingestion job status, with optional long-polling ({@code ?wait=<seconds>}). */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public final class JobResource {
    private final JobService jobs;
    private final int maxWaitSeconds;

    public JobResource(JobService jobs, int maxWaitSeconds) {
        this.jobs = jobs;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.SCANNER})
    public JobResponse get(@PathParam("id") String id, @QueryParam("wait") @DefaultValue("0") int wait) {
        if (wait < 0 || wait > maxWaitSeconds) {
            throw ProblemException.invalid("wait", "whole seconds from 0 to " + maxWaitSeconds);
        }
        return jobs.await(SbomResource.uuid(id), Duration.ofSeconds(wait));
    }
}
