package dev.trustmap.api.review;

import dev.trustmap.api.audit.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.review.model.ReviewRequest;
import dev.trustmap.api.review.model.ReviewResponse;
import dev.trustmap.api.review.model.TransitionRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.UUID;

/** Package reviews: request, list, read, transitions (four eyes for decisions). */
@Path("/api/v1/reviews")
@Produces(MediaType.APPLICATION_JSON)
public final class ReviewResource {
    private final ReviewService reviews;

    public ReviewResource(ReviewService reviews) {
        this.reviews = reviews;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ReviewResponse.class)))
    public Response request(ReviewRequest request, @Context SecurityContext security, @Context ContainerRequestContext context) {
        ReviewResponse created = reviews.request((TrustmapPrincipal) security.getUserPrincipal(), Actor.of(context), request);
        return Response.created(URI.create("/api/v1/reviews/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
    public Page<ReviewResponse> list(@QueryParam("state") String state, @QueryParam("purl") String purl,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return reviews.list(state, purl, Paging.of(offset, limit, 100));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
    public ReviewResponse get(@PathParam("id") String id) {
        return reviews.get(uuid(id));
    }

    @POST
    @Path("{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REVIEWER)
    public ReviewResponse transition(@PathParam("id") String id, TransitionRequest request, @Context SecurityContext security,
                                     @Context ContainerRequestContext context) {
        return reviews.transition((TrustmapPrincipal) security.getUserPrincipal(), Actor.of(context), uuid(id), request);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No review " + id);
        }
    }
}
