package dev.trustmap.database.token;

import dev.trustmap.database.platform.Tx;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API tokens (hashes only). */
public final class ApiTokenRepository {

    public Optional<ApiTokenEntity> findByHash(Tx tx, String hash) {
        return tx.em().createNamedQuery("ApiToken.byHash", ApiTokenEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst();
    }

    public Optional<ApiTokenEntity> find(Tx tx, UUID id) {
        return Optional.ofNullable(tx.em().find(ApiTokenEntity.class, id));
    }

    public List<ApiTokenEntity> list(Tx tx) {
        return tx.em().createNamedQuery("ApiToken.all", ApiTokenEntity.class).getResultList();
    }

    public long count(Tx tx) {
        return tx.em().createNamedQuery("ApiToken.count", Long.class).getSingleResult();
    }

    public void create(Tx tx, ApiTokenEntity token) {
        tx.em().persist(token);
        tx.em().flush();
    }
}
