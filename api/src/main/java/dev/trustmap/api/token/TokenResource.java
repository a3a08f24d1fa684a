package dev.trustmap.api.token;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.QueryParam;
import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.token.model.TokenRequest;
import dev.trustmap.api.token.model.TokenResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** API tokens: admins create, list and revoke them. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public final class TokenResource {
    private final TokenAdminService tokens;

    public TokenResource(TokenAdminService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    public Response create(TokenRequest request, @Context ContainerRequestContext context) {
        TokenResponse created = tokens.create(request, Actor.of(context));
        return Response.created(URI.create("/api/v1/tokens/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<TokenResponse> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(tokens.list(), Paging.of(offset, limit, Paging.MAX_LIMIT));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public TokenResponse revoke(@PathParam("id") String id, @Context ContainerRequestContext context) {
        return tokens.revoke(id, Actor.of(context));
    }
}
