package dev.trustmap.api.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.trustmap.api.platform.config.TrustmapConfig.OidcSettings;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC access tokens (JWS-signed JWTs) with nimbus-jose-jwt: the signature against the
 * issuer's JWK set (found by discovery, cached, fetched again for an unknown {@code kid} at most
 * twice per 30 s, and served from the cache for up to an hour while the issuer is unreachable),
 * the algorithm pinned to the configured ones, and the exact issuer, an audience, {@code exp}
 * (required) and {@code nbf} with the configured clock skew. Tokens marked as another kind than an
 * access token (Keycloak's {@code typ} claim {@code ID} or {@code Refresh}) are refused.
 *
 * <p>Every request to the issuer has the configured connect and read time limit. Discovery runs at
 * start in the background; while it has not succeeded it is tried again on use, at most every 10 s,
 * and tokens are answered "unavailable" meanwhile.
 */
public final class OidcTokenVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OidcTokenVerifier.class);
    /** The longest token looked at (a Keycloak access token with many roles is a few KiB). */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final long CACHE_TTL_MS = Duration.ofMinutes(5).toMillis();
    private static final long RATE_LIMIT_MS = Duration.ofSeconds(30).toMillis();
    private static final long OUTAGE_TTL_MS = Duration.ofHours(1).toMillis();
    private static final long REFRESH_AHEAD_MS = Duration.ofSeconds(30).toMillis();
    private static final int JWKS_MAX_BYTES = 256 * 1024;
    private static final long DISCOVERY_RETRY_MS = 10_000;

    /** A token that is not valid here, with the reason in the caller's words. */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The issuer (its discovery document or keys) cannot be reached, so the token cannot be checked now. */
    public static final class IssuerUnavailableException extends Exception {
        IssuerUnavailableException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final OidcSettings settings;
    private final Function<String, JWKSource<SecurityContext>> keysAt;
    private final Function<String, String> discovery;
    private final Set<JWSAlgorithm> algorithms;
    private final String algorithmNames;
    private final Object lock = new Object();
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile JWKSource<SecurityContext> keys;
    private long nextDiscovery;
    private volatile String discoveryProblem = "the identity provider has not been reached yet";

    /** Finds the keys by discovery at {@code <issuer>/.well-known/openid-configuration}. */
    public static OidcTokenVerifier discovering(OidcSettings settings, ObjectMapper json) {
        ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "oidc-jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        return new OidcTokenVerifier(settings, jwksUri -> remoteKeys(jwksUri, settings.timeoutMs(), refresher),
                issuer -> discover(issuer, settings.timeoutMs(), json));
    }

    /** With the given keys and no discovery (tests, the benchmark). */
    public static OidcTokenVerifier withKeys(OidcSettings settings, JWKSource<SecurityContext> keys) {
        return new OidcTokenVerifier(settings, uri -> keys, issuer -> "local:");
    }

    private OidcTokenVerifier(OidcSettings settings, Function<String, JWKSource<SecurityContext>> keysAt,
                              Function<String, String> discovery) {
        this.settings = settings;
        this.keysAt = keysAt;
        this.discovery = discovery;
        this.algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.algorithmNames = String.join(", ", new TreeSet<>(settings.algorithms()));
    }

    public OidcSettings settings() {
        return settings;
    }

    /**
     * Discovery and a first fetch of the keys, so the first token does not wait for them. Failures
     * are logged (naming the issuer, never a token) and tried again on use.
     */
    public void warmUp() {
        try {
            processor();
            int published = keys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder().build()), null).size();
            LOG.info("OIDC access tokens of {} (audience {}) are accepted as bearer tokens; the issuer publishes {} key(s)",
                    settings.issuer(), settings.audience(), published);
        } catch (IssuerUnavailableException | KeySourceException e) {
            LOG.warn("OIDC issuer {} cannot be reached yet ({}); bearer tokens of it are answered 503 until it can, API tokens keep working",
                    settings.issuer(), e.getMessage());
        }
    }

    /** The verified claims of an access token. */
    public JWTClaimsSet verify(String token) throws InvalidTokenException, IssuerUnavailableException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("the bearer token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a well-formed JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("unsigned or encrypted tokens are not accepted (the token's alg is "
                    + printable(jwt.getHeader().getAlgorithm().getName()) + ")");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!algorithms.contains(algorithm)) {
            throw new InvalidTokenException("the token is signed with " + printable(algorithm.getName()) + "; only " + algorithmNames
                    + " is accepted");
        }
        DefaultJWTProcessor<SecurityContext> ready = processor();
        JWTClaimsSet claims;
        try {
            claims = ready.process(signed, null);
        } catch (BadJWTException e) {
            throw new InvalidTokenException(claimsProblem(signed));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(signatureProblem(e.getMessage()));
        } catch (RateLimitReachedException e) {
            throw new InvalidTokenException("the token is signed with a key the identity provider does not publish");
        } catch (KeySourceException e) {
            throw new IssuerUnavailableException("the identity provider's keys cannot be fetched");
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature cannot be checked");
        }
        Object typ = claims.getClaim("typ");
        if (typ instanceof String kind && !kind.equalsIgnoreCase("Bearer")) {
            throw new InvalidTokenException("the token is not an access token (typ " + printable(kind) + ")");
        }
        return claims;
    }

    /**
     * Which rule the claims broke, found from the claims themselves (the library's messages are
     * not a stable interface), checked in the library's order.
     */
    private String claimsProblem(SignedJWT signed) {
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return "the token's claims are not valid JSON";
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
            return "the token is not meant for this portal (its aud does not contain " + settings.audience() + ")";
        }
        if (claims.getIssuer() == null || claims.getSubject() == null || claims.getExpirationTime() == null) {
            return "the token lacks a required claim (iss, sub or exp)";
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            return "the token was issued by another issuer than " + settings.issuer();
        }
        long now = System.currentTimeMillis();
        long skew = settings.clockSkewSeconds() * 1000L;
        if (claims.getExpirationTime().getTime() + skew <= now) {
            return "the token has expired";
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().getTime() - skew > now) {
            return "the token is not valid yet (nbf)";
        }
        return "the token's claims are not valid here";
    }

    private static String signatureProblem(String message) {
        String m = message == null ? "" : message;
        if (m.contains("Invalid signature")) {
            return "the token's signature does not verify";
        }
        if (m.contains("no matching key")) {
            return "the token is signed with a key the identity provider does not publish";
        }
        if (m.contains("type") || m.contains("typ")) {
            return "the token's header type is not JWT";
        }
        return "the token is not valid here";
    }

    /** An attacker-chosen header value, cut and stripped to printable ASCII before it goes into an answer. */
    private static String printable(String value) {
        String cleaned = value.replaceAll("[^\\x21-\\x7e]", "?");
        return cleaned.length() > 20 ? cleaned.substring(0, 20) + "…" : cleaned;
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws IssuerUnavailableException {
        DefaultJWTProcessor<SecurityContext> ready = processor;
        if (ready != null) {
            return ready;
        }
        synchronized (lock) {
            if (processor != null) {
                return processor;
            }
            long now = System.currentTimeMillis();
            if (now < nextDiscovery) {
                throw new IssuerUnavailableException(discoveryProblem);
            }
            nextDiscovery = now + DISCOVERY_RETRY_MS;
            try {
                keys = keysAt.apply(discovery.apply(settings.issuer()));
            } catch (IllegalStateException e) {
                discoveryProblem = e.getMessage();
                throw new IssuerUnavailableException(discoveryProblem);
            }
            DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
            // RFC 9068 access tokens say at+jwt; Keycloak's say JWT
            built.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
            built.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                    new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"), null);
            claims.setMaxClockSkew(settings.clockSkewSeconds());
            built.setJWTClaimsSetVerifier(claims);
            processor = built;
            return built;
        }
    }

    private static JWKSource<SecurityContext> remoteKeys(String jwksUri, int timeoutMs, ExecutorService refresher) {
        URL url;
        try {
            url = URI.create(jwksUri).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("the identity provider's jwks_uri is not a URL");
        }
        return JWKSourceBuilder.<SecurityContext>create(url, new DefaultResourceRetriever(timeoutMs, timeoutMs, JWKS_MAX_BYTES))
                .cache(CACHE_TTL_MS, timeoutMs * 3L)
                .refreshAheadCache(REFRESH_AHEAD_MS, null, refresher, true, null, false)
                .rateLimited(RATE_LIMIT_MS)
                .outageTolerant(OUTAGE_TTL_MS)
                .build();
    }

    /** The {@code jwks_uri} of the issuer's discovery document, whose {@code issuer} must be the configured one. */
    static String discover(String issuer, int timeoutMs, ObjectMapper json) {
        String location = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofMillis(timeoutMs))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the identity provider's discovery document cannot be fetched from " + location);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching the identity provider's discovery document");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the identity provider answered " + response.statusCode() + " for " + location);
        }
        JsonNode document;
        try {
            document = json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the identity provider's discovery document at " + location + " is not JSON");
        }
        if (!issuer.equals(document.path("issuer").asText())) {
            throw new IllegalStateException("the discovery document at " + location + " names another issuer ("
                    + printable(document.path("issuer").asText()) + "): TRUSTMAP_OIDC_ISSUER_URL must be the exact issuer");
        }
        String jwks = document.path("jwks_uri").asText("");
        if (!jwks.startsWith("https://") && !jwks.startsWith("http://")) {
            throw new IllegalStateException("the discovery document at " + location + " has no http(s) jwks_uri");
        }
        return jwks;
    }

    @Override
    public void close() {
        if (keys instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("closing the OIDC key cache: {}", e.getMessage());
            }
        }
    }
}
