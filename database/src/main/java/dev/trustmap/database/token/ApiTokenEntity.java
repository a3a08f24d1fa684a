package dev.trustmap.database.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token. Only the SHA-256 of the secret is stored, plus a short prefix to recognise it. */
@Entity
@Table(name = "api_token")
@NamedQuery(name = "ApiToken.byHash", query = "SELECT t FROM ApiTokenEntity t WHERE t.tokenHash = :hash")
@NamedQuery(name = "ApiToken.all", query = "SELECT t FROM ApiTokenEntity t ORDER BY t.createdAt")
@NamedQuery(name = "ApiToken.count", query = "SELECT COUNT(t) FROM ApiTokenEntity t")
public class ApiTokenEntity {
    @Id
    private UUID id;
    private String name;
    private String owner;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "token_prefix")
    private String tokenPrefix;
    private String roles;
    @Column(name = "service_scope")
    private String serviceScope;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;
    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;

    protected ApiTokenEntity() {
    }

    public ApiTokenEntity(UUID id, String name, String owner, String tokenHash, String tokenPrefix, String roles,
                          String serviceScope, String createdBy, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.tokenHash = tokenHash;
        this.tokenPrefix = tokenPrefix;
        this.roles = roles;
        this.serviceScope = serviceScope;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getOwner() { return owner; }
    public String getTokenHash() { return tokenHash; }
    public String getTokenPrefix() { return tokenPrefix; }
    /** Comma-separated role names. */
    public String getRoles() { return roles; }
    public String getServiceScope() { return serviceScope; }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public void setRevokedAt(OffsetDateTime revokedAt) { this.revokedAt = revokedAt; }
    public OffsetDateTime getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(OffsetDateTime lastUsedAt) { this.lastUsedAt = lastUsedAt; }
}
