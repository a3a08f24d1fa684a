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

/**
 * Authenticates every request except resource methods marked {@link PermitAll} (health and
 * metrics): {@code Authorization: Bearer <credential>} (or {@code X-Api-Key}), handed to the first
 * {@link Authenticator} that handles its shape (an OIDC access token when OIDC is configured, else
 * an API token). Role checks are done by {@code @RolesAllowed} on each resource method.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"trustmap\"");

    private final List<Authenticator> authenticators;
    @Context
    ResourceInfo resource;

    /** @param authenticators asked in this order; the last should handle every credential */
    public AuthenticationFilter(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
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
        String credential = secret.trim();
        TrustmapPrincipal principal = null;
        for (Authenticator authenticator : authenticators) {
            if (authenticator.handles(credential)) {
                principal = authenticator.authenticate(credential);
                break;
            }
        }
        if (principal == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The credential is not one this portal accepts", List.of(), CHALLENGE);
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new TokenSecurityContext(principal, secure));
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
