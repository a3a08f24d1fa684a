package dev.trustmap.api.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a token's name and owner, its roles and, for service-scoped CI tokens, the one
 * service it may upload for.
 */
public record TrustmapPrincipal(UUID tokenId, String name, String owner, Set<String> roles, String serviceScope)
        implements Principal {

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

    /** Whether this principal may act for the service (unscoped tokens may act for all). */
    public boolean mayActFor(String serviceSlug) {
        return serviceScope == null || serviceScope.equals(serviceSlug);
    }
}
