package dev.trustmap.database.sbom;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** "from depends on to" inside one snapshot's dependency graph. */
@Entity
@Table(name = "dependency_edge")
@IdClass(DependencyEdgeEntity.Key.class)
@NamedQuery(name = "Edge.bySnapshot", query = "SELECT e FROM DependencyEdgeEntity e WHERE e.snapshotId = :snapshotId")
public class DependencyEdgeEntity {
    @Id
    @Column(name = "snapshot_id")
    private UUID snapshotId;
    @Id
    @Column(name = "from_version_id")
    private UUID fromVersionId;
    @Id
    @Column(name = "to_version_id")
    private UUID toVersionId;

    protected DependencyEdgeEntity() {
    }

    public UUID getSnapshotId() { return snapshotId; }
    public UUID getFromVersionId() { return fromVersionId; }
    public UUID getToVersionId() { return toVersionId; }

    /** Composite key. */
    public static class Key implements Serializable {
        private UUID snapshotId;
        private UUID fromVersionId;
        private UUID toVersionId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(snapshotId, k.snapshotId)
                    && Objects.equals(fromVersionId, k.fromVersionId) && Objects.equals(toVersionId, k.toVersionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(snapshotId, fromVersionId, toVersionId);
        }
    }
}
