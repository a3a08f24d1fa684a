package dev.trustmap.api.platform.security;

import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates every request except resource methods marked {@link PermitAll} (health and
 * metrics): {@code Authorization: Bearer <token>} (or {@code X-Api-Key}). Role checks are done
 * by {@code @RolesAllowed} on each resource method.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"trustmap\"");

    private final ApiTokenService tokens;
    @Context
    ResourceInfo resource;

    public AuthenticationFilter(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(PermitAll.class)
                || resource.getResourceClass().isAnnotationPresent(PermitAll.class))) {
            return;
        }
        String secret = bearer(request.getHeaderString("Authorization"));
        if (secret == null) {
            secret = request.getHeaderString("X-Api-Key");
        }
        if (secret == null || secret.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "Missing credentials: send 'Authorization: Bearer <API token>'", List.of(), CHALLENGE);
        }
        Optional<TrustmapPrincipal> principal = tokens.authenticate(secret.trim());
        if (principal.isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "The API token is unknown, expired or revoked", List.of(), CHALLENGE);
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new TokenSecurityContext(principal.get(), secure));
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return trimmed.substring(7).trim();
        }
        return null;
    }

    private record TokenSecurityContext(TrustmapPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.hasRole(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
