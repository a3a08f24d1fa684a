package dev.trustmap.database.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An SBOM ingestion job as read by the API. The uploaded payload is deliberately not mapped:
 * it is written and read only by the queue's explicit SQL.
 */
@Entity
@Table(name = "ingestion_job")
public class IngestionJobEntity {
    @Id
    private UUID id;
    @Column(name = "service_id")
    private UUID serviceId;
    private String state;
    private String format;
    private String label;
    @Column(name = "payload_digest")
    private String payloadDigest;
    @Column(name = "payload_size")
    private long payloadSize;
    @Column(name = "submitted_by")
    private String submittedBy;
    @Column(name = "submitted_at")
    private OffsetDateTime submittedAt;
    @Column(name = "started_at")
    private OffsetDateTime startedAt;
    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;
    private int attempts;
    @Column(name = "snapshot_id")
    private UUID snapshotId;
    private String result;
    private String error;

    protected IngestionJobEntity() {
    }

    public UUID getId() { return id; }
    public UUID getServiceId() { return serviceId; }
    public String getState() { return state; }
    public String getFormat() { return format; }
    public String getLabel() { return label; }
    public String getPayloadDigest() { return payloadDigest; }
    public long getPayloadSize() { return payloadSize; }
    public String getSubmittedBy() { return submittedBy; }
    public OffsetDateTime getSubmittedAt() { return submittedAt; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }
    public int getAttempts() { return attempts; }
    public UUID getSnapshotId() { return snapshotId; }
    /** The outcome as JSON text, present once completed. */
    public String getResult() { return result; }
    public String getError() { return error; }
}
