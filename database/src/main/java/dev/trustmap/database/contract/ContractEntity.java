package dev.trustmap.database.contract;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One version of a dependency contract: service → provider capability, or service → service. */
@Entity
@Table(name = "dependency_contract")
@NamedQuery(name = "Contract.current", query = "SELECT c FROM ContractEntity c WHERE c.serviceId = :serviceId AND c.current = TRUE ORDER BY c.name")
@NamedQuery(name = "Contract.currentByName", query = "SELECT c FROM ContractEntity c WHERE c.serviceId = :serviceId AND c.name = :name AND c.current = TRUE")
@NamedQuery(name = "Contract.history", query = "SELECT c FROM ContractEntity c WHERE c.serviceId = :serviceId AND c.name = :name ORDER BY c.version DESC")
public class ContractEntity {
    @Id
    private UUID id;
    @Column(name = "service_id")
    private UUID serviceId;
    private String name;
    private int version;
    private boolean current;
    private boolean removed;
    @Column(name = "target_service")
    private String targetService;
    private String provider;
    private String capability;
    private String mode;
    private String criticality;
    @Column(name = "cross_region")
    private Boolean crossRegion;
    @Column(name = "ordering_guarantee")
    private String orderingGuarantee;
    private String delivery;
    private String idempotency;
    @Column(name = "timeout_ms")
    private Integer timeoutMs;
    @Column(name = "retry_owner")
    private String retryOwner;
    @Column(name = "throughput_normal")
    private String throughputNormal;
    @Column(name = "throughput_degraded")
    private String throughputDegraded;
    /** JSON object text: region → quota. */
    private String quota;
    @Column(name = "degraded_behavior")
    private String degradedBehavior;
    private String fallback;
    @Column(name = "user_impact")
    private String userImpact;
    private String runbook;
    @Column(name = "content_hash")
    private String contentHash;
    @Column(name = "change_source")
    private String changeSource;
    @Column(name = "changed_by")
    private String changedBy;
    @Column(name = "changed_at")
    private OffsetDateTime changedAt;

    protected ContractEntity() {
    }

    /** A new version; the caller fills the contract fields through the setters. */
    public ContractEntity(UUID id, UUID serviceId, String name, int version, String contentHash, String changeSource,
                          String changedBy, OffsetDateTime changedAt) {
        this.id = id;
        this.serviceId = serviceId;
        this.name = name;
        this.version = version;
        this.current = true;
        this.contentHash = contentHash;
        this.changeSource = changeSource;
        this.changedBy = changedBy;
        this.changedAt = changedAt;
    }

    public UUID getId() { return id; }
    public UUID getServiceId() { return serviceId; }
    public String getName() { return name; }
    public int getVersion() { return version; }
    public boolean isCurrent() { return current; }
    public void setCurrent(boolean current) { this.current = current; }
    public boolean isRemoved() { return removed; }
    public void setRemoved(boolean removed) { this.removed = removed; }
    public String getTargetService() { return targetService; }
    public void setTargetService(String v) { this.targetService = v; }
    public String getProvider() { return provider; }
    public void setProvider(String v) { this.provider = v; }
    public String getCapability() { return capability; }
    public void setCapability(String v) { this.capability = v; }
    public String getMode() { return mode; }
    public void setMode(String v) { this.mode = v; }
    public String getCriticality() { return criticality; }
    public void setCriticality(String v) { this.criticality = v; }
    public Boolean getCrossRegion() { return crossRegion; }
    public void setCrossRegion(Boolean v) { this.crossRegion = v; }
    public String getOrderingGuarantee() { return orderingGuarantee; }
    public void setOrderingGuarantee(String v) { this.orderingGuarantee = v; }
    public String getDelivery() { return delivery; }
    public void setDelivery(String v) { this.delivery = v; }
    public String getIdempotency() { return idempotency; }
    public void setIdempotency(String v) { this.idempotency = v; }
    public Integer getTimeoutMs() { return timeoutMs; }
    public void setTimeoutMs(Integer v) { this.timeoutMs = v; }
    public String getRetryOwner() { return retryOwner; }
    public void setRetryOwner(String v) { this.retryOwner = v; }
    public String getThroughputNormal() { return throughputNormal; }
    public void setThroughputNormal(String v) { this.throughputNormal = v; }
    public String getThroughputDegraded() { return throughputDegraded; }
    public void setThroughputDegraded(String v) { this.throughputDegraded = v; }
    public String getQuota() { return quota; }
    public void setQuota(String v) { this.quota = v; }
    public String getDegradedBehavior() { return degradedBehavior; }
    public void setDegradedBehavior(String v) { this.degradedBehavior = v; }
    public String getFallback() { return fallback; }
    public void setFallback(String v) { this.fallback = v; }
    public String getUserImpact() { return userImpact; }
    public void setUserImpact(String v) { this.userImpact = v; }
    public String getRunbook() { return runbook; }
    public void setRunbook(String v) { this.runbook = v; }
    public String getContentHash() { return contentHash; }
    public String getChangeSource() { return changeSource; }
    public String getChangedBy() { return changedBy; }
    public OffsetDateTime getChangedAt() { return changedAt; }
}
