package dev.trustmap.database.provider;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An external or platform dependency (cloud provider, SaaS API, platform service). */
@Entity
@Table(name = "provider")
@NamedQuery(name = "Provider.byName", query = "SELECT p FROM ProviderEntity p WHERE p.name = :name")
@NamedQuery(name = "Provider.all", query = "SELECT p FROM ProviderEntity p ORDER BY p.name")
public class ProviderEntity {
    @Id
    private UUID id;
    private String name;
    @Column(name = "display_name")
    private String displayName;
    /** Comma-separated capability slugs. */
    private String capabilities;
    /** Comma-separated region slugs. */
    private String regions;
    @Column(name = "status_page_url")
    private String statusPageUrl;
    @Column(name = "support_contact")
    private String supportContact;
    @Column(name = "data_residency")
    private String dataResidency;
    @Column(name = "review_state")
    private String reviewState;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected ProviderEntity() {
    }

    public ProviderEntity(UUID id, String name, OffsetDateTime now) {
        this.id = id;
        this.name = name;
        this.capabilities = "";
        this.regions = "";
        this.reviewState = "unreviewed";
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getCapabilities() { return capabilities; }
    public void setCapabilities(String capabilities) { this.capabilities = capabilities; }
    public String getRegions() { return regions; }
    public void setRegions(String regions) { this.regions = regions; }
    public String getStatusPageUrl() { return statusPageUrl; }
    public void setStatusPageUrl(String statusPageUrl) { this.statusPageUrl = statusPageUrl; }
    public String getSupportContact() { return supportContact; }
    public void setSupportContact(String supportContact) { this.supportContact = supportContact; }
    public String getDataResidency() { return dataResidency; }
    public void setDataResidency(String dataResidency) { this.dataResidency = dataResidency; }
    public String getReviewState() { return reviewState; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
