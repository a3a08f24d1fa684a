package dev.trustmap.database.contract;

import dev.trustmap.database.platform.Jdbc;
import dev.trustmap.database.platform.Tx;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Versioned dependency contracts, and the change marker that replicas watch. */
public final class ContractRepository {

    /** Current versions of a service's contracts, removed ones included (they are tombstones). */
    public List<ContractEntity> current(Tx tx, UUID serviceId) {
        return tx.em().createNamedQuery("Contract.current", ContractEntity.class)
                .setParameter("serviceId", serviceId).getResultList();
    }

    public Optional<ContractEntity> current(Tx tx, UUID serviceId, String name) {
        return tx.em().createNamedQuery("Contract.currentByName", ContractEntity.class)
                .setParameter("serviceId", serviceId).setParameter("name", name).getResultStream().findFirst();
    }

    public List<ContractEntity> history(Tx tx, UUID serviceId, String name) {
        return tx.em().createNamedQuery("Contract.history", ContractEntity.class)
                .setParameter("serviceId", serviceId).setParameter("name", name).getResultList();
    }

    /** Adds a new current version, demoting the previous one (written, batched, at commit). */
    public void addVersion(Tx tx, ContractEntity previous, ContractEntity next) {
        if (previous != null) {
            previous.setCurrent(false);
        }
        tx.em().persist(next);
    }

    /** Tells every replica that the topology changed (read by {@link #changeVersion}). */
    public void markChanged(Tx tx) {
        Jdbc.update(tx, "UPDATE change_marker SET version = version + 1 WHERE name = 'topology'");
    }

    public long changeVersion(Tx tx) {
        return Jdbc.queryOne(tx, "SELECT version FROM change_marker WHERE name = 'topology'", rs -> rs.getLong(1)).orElse(0L);
    }
}
