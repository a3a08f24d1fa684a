package dev.trustmap.api.platform.security;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a token's name and owner, its roles and, for service-scoped CI tokens, the one
 * service it may upload for.
 */
public record TrustmapPrincipal(UUID tokenId, String name, String owner, Set<String> roles, String serviceScope)
        implements Principal {

    @Override
    public String getName() {
        return owner + "/" + name;
    }

    public boolean hasRole(String role) {
        return roles.contains(Roles.ADMIN) || roles.contains(role);
    }

    /** Whether this principal may act for the service (unscoped tokens may act for all). */
    public boolean mayActFor(String serviceSlug) {
        return serviceScope == null || serviceScope.equals(serviceSlug);
    }
}
