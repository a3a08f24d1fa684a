package dev.trustmap.api.platform.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.trustmap.api.platform.config.TrustmapConfig.OidcSettings;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * OIDC access tokens (Keycloak's, or any issuer's) as API bearer tokens: a credential shaped like
 * a JWS (three base64url parts) is verified by {@link OidcTokenVerifier} and mapped to a
 * principal. Roles are the names in the configured roles claim ({@code realm_access.roles}) and in
 * {@code resource_access.<client id>.roles}, with the configured prefix removed; names other than
 * {@code viewer}, {@code reviewer}, {@code scanner}, {@code admin} are ignored. A token with the
 * claim {@code client_id} (Keycloak puts it in client-credentials tokens), or whose
 * {@code preferred_username} is {@code service-account-<azp>} (Keycloak's service account user), is
 * a service account, whose subject is that client id. The claim {@code trustmap_services} (a list, or a string of
 * names separated by spaces or commas) limits the services a caller may act for; a service account
 * without it acts for none, unless it has {@code admin}.
 */
public final class OidcBearerAuthenticator implements Authenticator {
    /** The claim naming the services a caller may act for. */
    public static final String SERVICES_CLAIM = "trustmap_services";
    private static final Pattern JWS_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Map<String, String> INVALID = Map.of("WWW-Authenticate", "Bearer realm=\"trustmap\", error=\"invalid_token\"");
    private static final Map<String, String> RETRY = Map.of("Retry-After", "10");

    private final OidcTokenVerifier verifier;
    private final OidcSettings settings;
    private final String[] rolesPath;

    public OidcBearerAuthenticator(OidcTokenVerifier verifier) {
        this.verifier = verifier;
        this.settings = verifier.settings();
        this.rolesPath = settings.rolesClaim().split("\\.");
    }

    @Override
    public boolean handles(String credential) {
        return credential.length() <= OidcTokenVerifier.MAX_TOKEN_CHARS && JWS_SHAPE.matcher(credential).matches();
    }

    @Override
    public TrustmapPrincipal authenticate(String credential) {
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(credential);
        } catch (OidcTokenVerifier.InvalidTokenException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The bearer token is not accepted: " + e.getMessage(), List.of(), INVALID);
        } catch (OidcTokenVerifier.IssuerUnavailableException e) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The bearer token cannot be checked now: " + e.getMessage()
                    + ". Try again shortly; API tokens keep working.", List.of(), RETRY);
        }
        return principal(claims);
    }

    /** The principal an access token's verified claims stand for. */
    TrustmapPrincipal principal(JWTClaimsSet claims) {
        Map<String, Object> all = claims.getClaims();
        String clientId = text(all.get("client_id"));
        if (clientId == null) {
            clientId = text(all.get("clientId")); // Keycloak before 25
        }
        String azp = text(all.get("azp"));
        String username = text(all.get("preferred_username"));
        if (clientId == null && azp != null && username != null && username.equalsIgnoreCase("service-account-" + azp)) {
            clientId = azp; // Keycloak names a client's service account user service-account-<client id>
        }
        boolean serviceAccount = clientId != null;
        Set<String> roles = roles(all);
        Set<String> services = services(all.get(SERVICES_CLAIM));
        if (serviceAccount && services == null && !roles.contains(Roles.ADMIN)) {
            services = Set.of();
        }
        String subject = serviceAccount ? clientId : claims.getSubject();
        String owner = serviceAccount ? clientId : firstOf(username, text(all.get("email")), subject);
        TrustmapPrincipal.Kind kind = serviceAccount ? TrustmapPrincipal.Kind.OIDC_SERVICE_ACCOUNT : TrustmapPrincipal.Kind.OIDC_USER;
        UUID id = UUID.nameUUIDFromBytes((settings.issuer() + "\n" + subject).getBytes(StandardCharsets.UTF_8));
        return new TrustmapPrincipal(kind, subject, id, kind.label(), TrustmapPrincipal.bounded(owner), roles, services);
    }

    private Set<String> roles(Map<String, Object> claims) {
        Set<String> names = new HashSet<>();
        addNames(names, at(claims, rolesPath));
        addNames(names, at(claims, "resource_access", settings.clientId(), "roles"));
        Set<String> roles = new HashSet<>();
        String prefix = settings.rolePrefix();
        for (String name : names) {
            if (name.startsWith(prefix) && Roles.ALL.contains(name.substring(prefix.length()))) {
                roles.add(name.substring(prefix.length()));
            }
        }
        return roles;
    }

    private static Object at(Map<String, Object> claims, String... path) {
        Object node = claims;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(step);
        }
        return node;
    }

    private static void addNames(Set<String> names, Object value) {
        if (value instanceof Collection<?> list) {
            list.forEach(item -> {
                if (item instanceof String name) {
                    names.add(name);
                }
            });
        } else if (value instanceof String name) {
            names.add(name);
        }
    }

    /** The services of the claim (a list, or one string of names separated by spaces or commas); null when absent. */
    static Set<String> services(Object value) {
        if (value == null) {
            return null;
        }
        Set<String> services = new HashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> {
                if (item instanceof String name && !name.isBlank()) {
                    services.add(name.trim());
                }
            });
        } else if (value instanceof String names) {
            for (String name : names.split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    services.add(name);
                }
            }
        }
        return services;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return "unknown";
    }
}
