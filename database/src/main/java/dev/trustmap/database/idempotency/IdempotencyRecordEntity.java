package dev.trustmap.database.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** The first request made with an Idempotency-Key: its payload hash and the resource it created. */
@Entity
@Table(name = "idempotency_record")
@IdClass(IdempotencyRecordEntity.Key.class)
public class IdempotencyRecordEntity {
    @Id
    private String principal;
    @Id
    @Column(name = "idem_key")
    private String idemKey;
    private String operation;
    @Column(name = "request_hash")
    private String requestHash;
    @Column(name = "resource_id")
    private UUID resourceId;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected IdempotencyRecordEntity() {
    }

    public IdempotencyRecordEntity(String principal, String idemKey, String operation, String requestHash,
                                   UUID resourceId, OffsetDateTime createdAt) {
        this.principal = principal;
        this.idemKey = idemKey;
        this.operation = operation;
        this.requestHash = requestHash;
        this.resourceId = resourceId;
        this.createdAt = createdAt;
    }

    public String getPrincipal() { return principal; }
    public String getIdemKey() { return idemKey; }
    public String getOperation() { return operation; }
    public String getRequestHash() { return requestHash; }
    public UUID getResourceId() { return resourceId; }
    public OffsetDateTime getCreatedAt() { return createdAt; }

    /** Composite key. */
    public static class Key implements Serializable {
        private String principal;
        private String idemKey;

        public Key() {
        }

        public Key(String principal, String idemKey) {
            this.principal = principal;
            this.idemKey = idemKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(principal, k.principal) && Objects.equals(idemKey, k.idemKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(principal, idemKey);
        }
    }
}
