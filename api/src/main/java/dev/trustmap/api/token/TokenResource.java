package dev.trustmap.api.token;

import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.ApiTokenService;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.api.token.model.TokenRequest;
import dev.trustmap.api.token.model.TokenResponse;
import dev.trustmap.database.token.ApiTokenEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** API tokens: admins create, list and revoke them. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public final class TokenResource {
    private static final Pattern NAME = Pattern.compile("[\\p{Alnum}._ -]{1,100}");
    private final ApiTokenService tokens;
    private final Clock clock;

    public TokenResource(ApiTokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response create(TokenRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON object with name and roles is required");
        }
        List<ProblemException.FieldError> errors = new ArrayList<>();
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            errors.add(new ProblemException.FieldError("name", "1–100 letters, digits, spaces, '.', '_' or '-'"));
        }
        if (request.owner() != null && !NAME.matcher(request.owner()).matches()) {
            errors.add(new ProblemException.FieldError("owner", "1–100 letters, digits, spaces, '.', '_' or '-'"));
        }
        Set<String> roles = request.roles() == null ? Set.of() : new HashSet<>(request.roles());
        if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            errors.add(new ProblemException.FieldError("roles", "one or more of " + String.join(", ", Roles.ALL.stream().sorted().toList())));
        }
        if (request.service() != null) {
            try {
                ServiceCatalogService.requireSlug(request.service());
            } catch (ProblemException e) {
                errors.add(new ProblemException.FieldError("service", "a service name (a-z, 0-9, '-')"));
            }
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now(clock))) {
            errors.add(new ProblemException.FieldError("expiresAt", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The token request has " + errors.size() + " invalid field(s)",
                    errors, Map.of());
        }
        String creator = security.getUserPrincipal().getName();
        ApiTokenService.IssuedToken issued = tokens.create(request.name(), request.owner() == null ? creator : request.owner(),
                roles, request.service(), request.expiresAt(), creator);
        return Response.created(URI.create("/api/v1/tokens/" + issued.token().getId()))
                .entity(view(issued.token(), issued.secret())).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public List<TokenResponse> list() {
        return tokens.list().stream().map(t -> view(t, null)).toList();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public TokenResponse revoke(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "a token id (UUID)");
        }
        return tokens.revoke(uuid).map(t -> view(t, null))
                .orElseThrow(() -> ProblemException.notFound("No API token " + id));
    }

    private static TokenResponse view(ApiTokenEntity t, String secret) {
        return new TokenResponse(t.getId(), t.getName(), t.getOwner(), Arrays.asList(t.getRoles().split(",")),
                t.getServiceScope(), t.getTokenPrefix(), t.getCreatedAt(), t.getCreatedBy(), t.getExpiresAt(),
                t.getRevokedAt(), secret);
    }
}
