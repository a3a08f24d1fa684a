package dev.trustmap.database.pkg;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One version (and qualifier set) of a package, with the hashes and licences first seen for it. */
@Entity
@Table(name = "package_version")
@NamedQuery(name = "PackageVersion.byPackage",
        query = "SELECT v FROM PackageVersionEntity v WHERE v.packageId = :packageId")
public class PackageVersionEntity {
    @Id
    private UUID id;
    @Column(name = "package_id")
    private UUID packageId;
    private String version;
    private String qualifiers;
    private String purl;
    private String hashes;
    private String licenses;
    private String supplier;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected PackageVersionEntity() {
    }

    public UUID getId() { return id; }
    public UUID getPackageId() { return packageId; }
    public String getVersion() { return version; }
    public String getQualifiers() { return qualifiers; }
    public String getPurl() { return purl; }
    /** Hashes as a JSON object text (algorithm → hex). */
    public String getHashes() { return hashes; }
    /** Licences as a JSON array text. */
    public String getLicenses() { return licenses; }
    public String getSupplier() { return supplier; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
