package dev.trustmap.api.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.token.ApiTokenEntity;
import dev.trustmap.database.token.ApiTokenRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
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
    /** How long a successful check is trusted without asking the database again. */
    public static final Duration FRESH = Duration.ofSeconds(10);
    /** How long a successful check is trusted while the database is unreachable. */
    public static final Duration OUTAGE = Duration.ofHours(1);
    /** How old a remembered check may get before it is saved again. */
    private static final Duration SAVE_AFTER = Duration.ofMinutes(5);
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();
    private final RememberedTokens saved;

    /** A token just created: the secret is in here and nowhere else. */
    public record IssuedToken(ApiTokenEntity token, String secret) {
    }

    /**
     * @param savedFile where the tokens checked recently are kept (hashes only) so that a start
     *                  while the database is unreachable still accepts them; {@code null}: memory only
     */
    public ApiTokenService(Database db, ApiTokenRepository tokens, Clock clock, Path savedFile, ObjectMapper json) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
        this.saved = savedFile == null ? null : new RememberedTokens(savedFile, json);
    }

    /**
     * Reads the tokens checked within the last {@link #OUTAGE} by the previous run. They are used
     * only while the database is unreachable, like the ones checked in this run.
     */
    public void loadSaved() {
        if (saved == null) {
            return;
        }
        OffsetDateTime horizon = OffsetDateTime.now(clock).minus(OUTAGE);
        saved.load().forEach(entry -> {
            if (entry.hash() != null && entry.roles() != null && entry.checkedAt() != null && entry.checkedAt().isAfter(horizon)) {
                recent.putIfAbsent(entry.hash(), new Remembered(entry.principal(), entry.expiresAt(), entry.checkedAt()));
            }
        });
    }

    /** Writes the tokens checked recently to disk (in the background; a no-op without a file). */
    private void changed() {
        if (saved != null) {
            saved.saveSoon(() -> {
                OffsetDateTime horizon = OffsetDateTime.now(clock).minus(OUTAGE);
                List<RememberedTokens.Entry> entries = new java.util.ArrayList<>();
                recent.forEach((hash, r) -> {
                    if (r.checkedAt().isAfter(horizon)) {
                        entries.add(new RememberedTokens.Entry(hash, r.principal(), r.expiresAt(), r.checkedAt()));
                    }
                });
                return entries;
            });
        }
    }

    /** Stops the background writer after a last save. */
    public void close() {
        if (saved != null) {
            saved.close();
        }
    }

    /**
     * The principal for a token secret. Valid tokens are remembered for {@link #FRESH} (so a busy
     * API does not ask the database on every request; a revocation in another replica takes
     * effect within that time) and, while the database is unreachable, for up to {@link #OUTAGE}
     * so incident lookups keep working; unknown tokens are never remembered.
     */
    public Optional<TrustmapPrincipal> authenticate(String secret) {
        if (secret.length() < 20 || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(secret);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Remembered remembered = recent.get(hash);
        if (remembered != null && remembered.checkedAt().plus(FRESH).isAfter(now) && remembered.validAt(now)) {
            return Optional.of(remembered.principal());
        }
        Optional<ApiTokenEntity> token;
        try {
            token = db.inTransaction(tx -> tokens.findByHash(tx, hash));
        } catch (DatabaseUnavailableException e) {
            if (remembered != null && remembered.checkedAt().plus(OUTAGE).isAfter(now) && remembered.validAt(now)) {
                return Optional.of(remembered.principal());
            }
            throw e;
        }
        Optional<ApiTokenEntity> valid = token
                .filter(t -> MessageDigest.isEqual(t.getTokenHash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
                .filter(t -> t.getRevokedAt() == null)
                .filter(t -> t.getExpiresAt() == null || t.getExpiresAt().isAfter(now));
        if (valid.isEmpty()) {
            if (recent.remove(hash) != null) {
                changed();
            }
            return Optional.empty();
        }
        if (recent.size() > 10_000) {
            recent.clear();
        }
        TrustmapPrincipal principal = principal(valid.get());
        Remembered before = recent.put(hash, new Remembered(principal, valid.get().getExpiresAt(), now));
        // saved when a token is new here, or its saved check is getting old (so a restart in an
        // outage still knows it was used recently)
        if (before == null || !before.principal().equals(principal) || before.checkedAt().plus(SAVE_AFTER).isBefore(now)) {
            changed();
        }
        return Optional.of(principal);
    }

    private record Remembered(TrustmapPrincipal principal, OffsetDateTime expiresAt, OffsetDateTime checkedAt) {
        boolean validAt(OffsetDateTime now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    public IssuedToken create(String name, String owner, Set<String> roles, String serviceScope,
                              OffsetDateTime expiresAt, String createdBy) {
        return create(name, owner, roles, serviceScope, expiresAt, createdBy, NOTHING);
    }

    /** Something a token write does last in its own transaction (its audit entry), with the token as written. */
    public static final BiConsumer<Tx, ApiTokenEntity> NOTHING = (tx, token) -> { };

    /** Like {@link #create(String, String, Set, String, OffsetDateTime, String)}; {@code written} runs last in its transaction. */
    public IssuedToken create(String name, String owner, Set<String> roles, String serviceScope,
                              OffsetDateTime expiresAt, String createdBy, BiConsumer<Tx, ApiTokenEntity> written) {
        String secret = newSecret();
        ApiTokenEntity entity = entity(name, owner, roles, serviceScope, expiresAt, createdBy, secret);
        db.inTransaction(tx -> {
            tokens.create(tx, entity);
            written.accept(tx, entity);
            return null;
        });
        return new IssuedToken(entity, secret);
    }

    private ApiTokenEntity entity(String name, String owner, Set<String> roles, String serviceScope, OffsetDateTime expiresAt,
                                  String createdBy, String secret) {
        return new ApiTokenEntity(UUID.randomUUID(), name, owner, hash(secret),
                secret.substring(0, Math.min(10, secret.length())), String.join(",", new TreeSet<>(roles)),
                serviceScope, createdBy, OffsetDateTime.now(clock), expiresAt);
    }

    /**
     * On a database with no tokens at all, creates the bootstrap admin token (from the given
     * secret, or a new random one) and returns it; otherwise empty.
     */
    public Optional<IssuedToken> bootstrap(String configuredSecret) {
        return bootstrap(configuredSecret, NOTHING);
    }

    /** Like {@link #bootstrap(String)}; {@code written} runs last in the transaction that creates the token. */
    public Optional<IssuedToken> bootstrap(String configuredSecret, BiConsumer<Tx, ApiTokenEntity> written) {
        String secret = configuredSecret == null ? newSecret() : configuredSecret;
        ApiTokenEntity entity = entity("bootstrap-admin", "trustmap", Set.of(Roles.ADMIN), null, null, "bootstrap", secret);
        // counted in the same transaction: when two processes start on one empty database with the
        // same configured secret, the loser's transaction runs again, finds the winner's token, and stops
        return db.inTransaction(tx -> {
            if (tokens.count(tx) > 0) {
                return Optional.<IssuedToken>empty();
            }
            tokens.create(tx, entity);
            written.accept(tx, entity);
            return Optional.of(new IssuedToken(entity, secret));
        });
    }

    /**
     * A new admin token for an installation whose admin token is lost ({@code trustmap-portal.jar
     * bootstrap-admin}): named {@code recovery-admin-<UTC time>}, created by {@code recovery}; no
     * other token is changed.
     */
    public IssuedToken recoveryAdmin() {
        return recoveryAdmin(NOTHING);
    }

    /** Like {@link #recoveryAdmin()}; {@code written} runs last in the transaction that creates the token. */
    public IssuedToken recoveryAdmin(BiConsumer<Tx, ApiTokenEntity> written) {
        String name = "recovery-admin-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(OffsetDateTime.now(clock).withOffsetSameInstant(java.time.ZoneOffset.UTC));
        String secret = newSecret();
        ApiTokenEntity entity = entity(name, "trustmap", Set.of(Roles.ADMIN), null, null, "recovery", secret);
        db.inTransaction(tx -> {
            tokens.create(tx, entity);
            written.accept(tx, entity);
            return null;
        });
        return new IssuedToken(entity, secret);
    }

    public List<ApiTokenEntity> list() {
        return db.inTransaction(tokens::list);
    }

    /** Revokes a token; revoking twice keeps the first revocation time. Empty when there is no such token. */
    public Optional<ApiTokenEntity> revoke(UUID id) {
        return revoke(id, NOTHING);
    }

    /** Like {@link #revoke(UUID)}; {@code revoked} runs last in the transaction, only when this call revoked the token. */
    public Optional<ApiTokenEntity> revoke(UUID id, BiConsumer<Tx, ApiTokenEntity> revoked) {
        return db.inTransaction(tx -> tokens.find(tx, id).map(token -> {
            if (token.getRevokedAt() == null) {
                token.setRevokedAt(OffsetDateTime.now(clock));
                revoked.accept(tx, token);
            }
            if (recent.remove(token.getTokenHash()) != null) {
                changed();
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
