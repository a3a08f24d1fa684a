package dev.trustmap.database.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An internal system that ships software and calls providers. */
@Entity
@Table(name = "service")
@NamedQuery(name = "Service.bySlug", query = "SELECT s FROM ServiceEntity s WHERE s.slug = :slug")
@NamedQuery(name = "Service.all", query = "SELECT s FROM ServiceEntity s ORDER BY s.slug")
@NamedQuery(name = "Service.count", query = "SELECT COUNT(s) FROM ServiceEntity s")
public class ServiceEntity {
    @Id
    private UUID id;
    @Column(nullable = false, unique = true)
    private String slug;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "owner_team")
    private String ownerTeam;
    @Column(name = "owner_contact")
    private String ownerContact;
    @Column(nullable = false)
    private String tier;
    @Column(nullable = false)
    private String regions;
    @Column(name = "repository_url")
    private String repositoryUrl;
    @Column(name = "current_snapshot_id")
    private UUID currentSnapshotId;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected ServiceEntity() {
    }

    public ServiceEntity(UUID id, String slug, OffsetDateTime createdAt) {
        this.id = id;
        this.slug = slug;
        this.tier = "standard";
        this.regions = "";
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public UUID getId() { return id; }
    public String getSlug() { return slug; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getOwnerTeam() { return ownerTeam; }
    public void setOwnerTeam(String ownerTeam) { this.ownerTeam = ownerTeam; }
    public String getOwnerContact() { return ownerContact; }
    public void setOwnerContact(String ownerContact) { this.ownerContact = ownerContact; }
    public String getTier() { return tier; }
    public void setTier(String tier) { this.tier = tier; }
    public String getRegions() { return regions; }
    public void setRegions(String regions) { this.regions = regions; }
    public String getRepositoryUrl() { return repositoryUrl; }
    public void setRepositoryUrl(String repositoryUrl) { this.repositoryUrl = repositoryUrl; }
    public UUID getCurrentSnapshotId() { return currentSnapshotId; }
    public void setCurrentSnapshotId(UUID currentSnapshotId) { this.currentSnapshotId = currentSnapshotId; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
