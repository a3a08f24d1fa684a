package dev.trustmap.database.provider;

import dev.trustmap.database.platform.Tx;
import java.util.List;
import java.util.Optional;

/** Providers. */
public final class ProviderRepository {

    public Optional<ProviderEntity> findByName(Tx tx, String name) {
        return tx.em().createNamedQuery("Provider.byName", ProviderEntity.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    public List<ProviderEntity> list(Tx tx) {
        return tx.em().createNamedQuery("Provider.all", ProviderEntity.class).getResultList();
    }

    public void create(Tx tx, ProviderEntity provider) {
        tx.em().persist(provider);
        tx.em().flush();
    }
}
