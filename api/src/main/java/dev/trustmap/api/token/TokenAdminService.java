package dev.trustmap.api.token;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.ApiTokenService;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.api.token.model.TokenRequest;
import dev.trustmap.api.token.model.TokenResponse;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.token.ApiTokenEntity;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** API token administration: validation, creation (the secret is returned once), listing, revocation. */
public final class TokenAdminService {
    private static final Pattern NAME = Pattern.compile("[\\p{Alnum}._ -]{1,100}");
    private final ApiTokenService tokens;
    private final AuditService audit;
    private final Clock clock;

    public TokenAdminService(ApiTokenService tokens, AuditService audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The audit entry of a token's creation (also for the bootstrap and recovery admin tokens). */
    public static BiConsumer<Tx, ApiTokenEntity> created(AuditService audit, Actor actor) {
        return (tx, token) -> audit.record(tx, actor, "token.create", "token:" + token.getId(), null, null, view(token, null));
    }

    public TokenResponse create(TokenRequest request, Actor actor) {
        String creator = actor.name();
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
        ApiTokenService.IssuedToken issued = tokens.create(request.name(), request.owner() == null ? creator : request.owner(),
                roles, request.service(), request.expiresAt(), creator, created(audit, actor));
        return view(issued.token(), issued.secret());
    }

    public List<TokenResponse> list() {
        return tokens.list().stream().map(t -> view(t, null)).toList();
    }

    public TokenResponse revoke(String id, Actor actor) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "a token id (UUID)");
        }
        return tokens.revoke(uuid, (tx, token) -> {
            TokenResponse after = view(token, null);
            TokenResponse before = new TokenResponse(after.id(), after.name(), after.owner(), after.roles(), after.service(), after.prefix(),
                    after.createdAt(), after.createdBy(), after.expiresAt(), null, null);
            audit.record(tx, actor, "token.revoke", "token:" + token.getId(), null, before, after);
        }).map(t -> view(t, null))
                .orElseThrow(() -> ProblemException.notFound("No API token " + id));
    }

    private static TokenResponse view(ApiTokenEntity t, String secret) {
        return new TokenResponse(t.getId(), t.getName(), t.getOwner(), Arrays.asList(t.getRoles().split(",")),
                t.getServiceScope(), t.getTokenPrefix(), t.getCreatedAt(), t.getCreatedBy(), t.getExpiresAt(),
                t.getRevokedAt(), secret);
    }
}
