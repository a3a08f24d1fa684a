package dev.trustmap.database.idempotency;

import dev.trustmap.database.platform.Tx;
import java.util.Optional;

/** Idempotency keys, per principal. */
public final class IdempotencyRepository {

    public Optional<IdempotencyRecordEntity> find(Tx tx, String principal, String key) {
        return Optional.ofNullable(tx.em().find(IdempotencyRecordEntity.class,
                new IdempotencyRecordEntity.Key(principal, key)));
    }

    /** Inserts the record; a concurrent first use of the same key fails the transaction with a unique violation. */
    public void create(Tx tx, IdempotencyRecordEntity record) {
        tx.em().persist(record);
        tx.em().flush();
    }
}
