package dev.trustmap.api.platform.security;

import dev.trustmap.database.platform.Database;
import dev.trustmap.database.token.ApiTokenEntity;
import dev.trustmap.database.token.ApiTokenRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * API tokens: 256 random bits, shown once at creation, stored only as a SHA-256 hash (a fast
 * hash is right for high-entropy secrets; a password hash would only slow every request).
 */
public final class ApiTokenService {
    private static final String PREFIX = "tm_";
    private final Database db;
    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A token just created: the secret is in here and nowhere else. */
    public record IssuedToken(ApiTokenEntity token, String secret) {
    }

    public ApiTokenService(Database db, ApiTokenRepository tokens, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Optional<TrustmapPrincipal> authenticate(String secret) {
        if (secret.length() < 20 || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(secret);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.inTransaction(tx -> tokens.findByHash(tx, hash))
                .filter(t -> MessageDigest.isEqual(t.getTokenHash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
                .filter(t -> t.getRevokedAt() == null)
                .filter(t -> t.getExpiresAt() == null || t.getExpiresAt().isAfter(now))
                .map(ApiTokenService::principal);
    }

    public IssuedToken create(String name, String owner, Set<String> roles, String serviceScope,
                              OffsetDateTime expiresAt, String createdBy) {
        return create(name, owner, roles, serviceScope, expiresAt, createdBy, newSecret());
    }

    private IssuedToken create(String name, String owner, Set<String> roles, String serviceScope,
                               OffsetDateTime expiresAt, String createdBy, String secret) {
        ApiTokenEntity entity = new ApiTokenEntity(UUID.randomUUID(), name, owner, hash(secret),
                secret.substring(0, Math.min(10, secret.length())), String.join(",", new TreeSet<>(roles)),
                serviceScope, createdBy, OffsetDateTime.now(clock), expiresAt);
        db.inTransaction(tx -> {
            tokens.create(tx, entity);
            return null;
        });
        return new IssuedToken(entity, secret);
    }

    /**
     * On a database with no tokens at all, creates the bootstrap admin token (from the given
     * secret, or a new random one) and returns it; otherwise empty.
     */
    public Optional<IssuedToken> bootstrap(String configuredSecret) {
        if (db.inTransaction(tokens::count) > 0) {
            return Optional.empty();
        }
        String secret = configuredSecret == null ? newSecret() : configuredSecret;
        return Optional.of(create("bootstrap-admin", "trustmap", Set.of(Roles.ADMIN), null, null, "bootstrap", secret));
    }

    public List<ApiTokenEntity> list() {
        return db.inTransaction(tokens::list);
    }

    /** Revokes a token; revoking twice keeps the first revocation time. Empty when there is no such token. */
    public Optional<ApiTokenEntity> revoke(UUID id) {
        return db.inTransaction(tx -> tokens.find(tx, id).map(token -> {
            if (token.getRevokedAt() == null) {
                token.setRevokedAt(OffsetDateTime.now(clock));
            }
            return token;
        }));
    }

    public static TrustmapPrincipal principal(ApiTokenEntity token) {
        Set<String> roles = Arrays.stream(token.getRoles().split(",")).map(String::trim)
                .filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new TrustmapPrincipal(token.getId(), token.getName(), token.getOwner(), roles, token.getServiceScope());
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
