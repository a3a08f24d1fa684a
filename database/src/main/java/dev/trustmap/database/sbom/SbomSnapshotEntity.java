package dev.trustmap.database.sbom;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One uploaded CycloneDX document of a service. Written by the bulk ingestion path, read here. */
@Entity
@Table(name = "sbom_snapshot")
@NamedQuery(name = "Snapshot.byService",
        query = "SELECT s FROM SbomSnapshotEntity s WHERE s.serviceId = :serviceId ORDER BY s.uploadedAt DESC")
public class SbomSnapshotEntity {
    @Id
    private UUID id;
    @Column(name = "service_id", nullable = false)
    private UUID serviceId;
    private String label;
    private String format;
    @Column(name = "spec_version")
    private String specVersion;
    @Column(name = "serial_number")
    private String serialNumber;
    private String digest;
    @Column(name = "uploaded_by")
    private String uploadedBy;
    @Column(name = "uploaded_at")
    private OffsetDateTime uploadedAt;
    @Column(name = "component_count")
    private int componentCount;
    @Column(name = "direct_count")
    private int directCount;
    @Column(name = "edge_count")
    private int edgeCount;
    @Column(name = "skipped_count")
    private int skippedCount;
    @Column(name = "previous_snapshot_id")
    private UUID previousSnapshotId;

    protected SbomSnapshotEntity() {
    }

    public UUID getId() { return id; }
    public UUID getServiceId() { return serviceId; }
    public String getLabel() { return label; }
    public String getFormat() { return format; }
    public String getSpecVersion() { return specVersion; }
    public String getSerialNumber() { return serialNumber; }
    public String getDigest() { return digest; }
    public String getUploadedBy() { return uploadedBy; }
    public OffsetDateTime getUploadedAt() { return uploadedAt; }
    public int getComponentCount() { return componentCount; }
    public int getDirectCount() { return directCount; }
    public int getEdgeCount() { return edgeCount; }
    public int getSkippedCount() { return skippedCount; }
    public UUID getPreviousSnapshotId() { return previousSnapshotId; }
}
