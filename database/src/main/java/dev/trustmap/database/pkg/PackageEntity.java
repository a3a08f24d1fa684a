package dev.trustmap.database.pkg;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A package: its purl without version (ecosystem, namespace, name). */
@Entity
@Table(name = "software_package")
@NamedQuery(name = "Package.byPurl", query = "SELECT p FROM PackageEntity p WHERE p.ecosystem = :ecosystem AND p.purl = :purl")
public class PackageEntity {
    @Id
    private UUID id;
    private String purl;
    private String ecosystem;
    private String namespace;
    private String name;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected PackageEntity() {
    }

    public UUID getId() { return id; }
    public String getPurl() { return purl; }
    public String getEcosystem() { return ecosystem; }
    public String getNamespace() { return namespace; }
    public String getName() { return name; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
