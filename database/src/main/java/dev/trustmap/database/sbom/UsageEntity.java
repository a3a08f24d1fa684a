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

/** A service snapshot uses a package version, directly or transitively, in a scope. */
@Entity
@Table(name = "package_usage")
@IdClass(UsageEntity.Key.class)
@NamedQuery(name = "Usage.bySnapshot", query = "SELECT u FROM UsageEntity u WHERE u.snapshotId = :snapshotId")
public class UsageEntity {
    @Id
    @Column(name = "snapshot_id")
    private UUID snapshotId;
    @Id
    @Column(name = "package_version_id")
    private UUID packageVersionId;
    @Column(name = "service_id")
    private UUID serviceId;
    private String relationship;
    private String scope;

    protected UsageEntity() {
    }

    public UUID getSnapshotId() { return snapshotId; }
    public UUID getPackageVersionId() { return packageVersionId; }
    public UUID getServiceId() { return serviceId; }
    public String getRelationship() { return relationship; }
    public String getScope() { return scope; }

    /** Composite key. */
    public static class Key implements Serializable {
        private UUID snapshotId;
        private UUID packageVersionId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(snapshotId, k.snapshotId)
                    && Objects.equals(packageVersionId, k.packageVersionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(snapshotId, packageVersionId);
        }
    }
}
