package dev.trustmap.database.service;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Services: simple look-ups through JPA, the ingestion lock and pointer through SQL. */
public final class ServiceRepository {

    public Optional<ServiceEntity> findBySlug(Tx tx, String slug) {
        return tx.em().createNamedQuery("Service.bySlug", ServiceEntity.class)
                .setParameter("slug", slug).getResultStream().findFirst();
    }

    public Optional<ServiceEntity> find(Tx tx, UUID id) {
        return Optional.ofNullable(tx.em().find(ServiceEntity.class, id));
    }

    public List<ServiceEntity> list(Tx tx, int offset, int limit) {
        return tx.em().createNamedQuery("Service.all", ServiceEntity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Tx tx) {
        return tx.em().createNamedQuery("Service.count", Long.class).getSingleResult();
    }

    public ServiceEntity create(Tx tx, ServiceEntity service) {
        tx.em().persist(service);
        tx.em().flush();
        return service;
    }

    /** Serialises ingestions of one service: held until the transaction ends. */
    public void lockForIngestion(Tx tx, UUID serviceId) {
        Jdbc.query(tx, "SELECT id FROM service WHERE id = ? FOR UPDATE", rs -> rs.getString(1), serviceId);
    }

    public void setCurrentSnapshot(Tx tx, UUID serviceId, UUID snapshotId, OffsetDateTime now) {
        Jdbc.update(tx, "UPDATE service SET current_snapshot_id = ?, updated_at = ? WHERE id = ?", snapshotId, now, serviceId);
    }
}
