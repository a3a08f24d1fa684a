package dev.trustmap.api.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Who is calling, whichever {@link Authenticator} recognised them: the {@link Kind}, a stable
 * {@code subject} (an API token's id; an OIDC token's {@code sub}, or a service account's client
 * id), a name and owner (recorded as "who" by every write), the roles and, for service-scoped
 * callers, the services it may act for.
 *
 * @param tokenId  an API token's id; for OIDC principals a UUID derived from the issuer and subject
 *                 (the same caller always gets the same one)
 * @param services the services this caller may act for; {@code null}: every service (roles decide)
 */
public record TrustmapPrincipal(Kind kind, String subject, UUID tokenId, String name, String owner, Set<String> roles,
                                Set<String> services) implements Principal {

    /** How the caller authenticated. */
    public enum Kind {
        API_TOKEN("api-token"),
        OIDC_USER("oidc-user"),
        OIDC_SERVICE_ACCOUNT("oidc-service-account");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public TrustmapPrincipal {
        roles = Set.copyOf(roles);
        services = services == null ? null : Set.copyOf(services);
    }

    /** An API token's principal; {@code serviceScope} is the one service it may act for, or null. */
    public TrustmapPrincipal(UUID tokenId, String name, String owner, Set<String> roles, String serviceScope) {
        this(Kind.API_TOKEN, tokenId.toString(), tokenId, name, owner, roles, serviceScope == null ? null : Set.of(serviceScope));
    }

    /**
     * The most characters {@link #getName()} ever has: the width of every column that records
     * who did something (uploaded_by, submitted_by, created_by, changed_by, requested_by,
     * decided_by, idempotency_record.principal, and api_token.owner, which defaults to the
     * creator's name).
     */
    public static final int MAX_NAME = 200;
    private static final int DIGEST_CHARS = 12;

    /**
     * {@code owner/name}, as recorded in every "who" column. A token's owner and name are 100
     * characters each at most (so {@code owner/name} may have 201; an owner defaulted to its
     * creator's name may have up to 200): longer than {@link #MAX_NAME} it is cut to fit and
     * ends with {@code ~} and 12 hex digits of the SHA-256 of the whole, so it stays readable,
     * the same for the same owner and name, and different for different ones.
     */
    @Override
    public String getName() {
        return bounded(owner + "/" + name);
    }

    static String bounded(String full) {
        if (full.length() <= MAX_NAME) {
            return full;
        }
        int keep = MAX_NAME - DIGEST_CHARS - 1;
        if (Character.isHighSurrogate(full.charAt(keep - 1))) {
            keep--;
        }
        return full.substring(0, keep) + "~" + digest(full);
    }

    private static String digest(String full) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, DIGEST_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hasRole(String role) {
        return roles.contains(Roles.ADMIN) || roles.contains(role);
    }

    /** Whether this principal may act for the service (unscoped callers may act for all). */
    public boolean mayActFor(String serviceSlug) {
        return services == null || services.contains(serviceSlug);
    }

    /**
     * The one service a scoped API token may act for (what its token row holds); for a caller
     * scoped to several services their names, sorted and comma-separated; null when unscoped.
     */
    public String serviceScope() {
        return services == null ? null : String.join(",", new TreeSet<>(services));
    }

    /** The services this caller may act for, in words: {@code service 'a'}, {@code services 'a', 'b'}, {@code no service}. */
    public String scope() {
        if (services == null) {
            return "every service";
        }
        if (services.isEmpty()) {
            return "no service";
        }
        return (services.size() == 1 ? "service '" : "services '") + String.join("', '", new TreeSet<>(services)) + "'";
    }
}
