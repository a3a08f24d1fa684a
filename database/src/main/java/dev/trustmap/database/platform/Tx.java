package dev.trustmap.database.platform;

import jakarta.persistence.EntityManager;
import java.sql.Connection;

/**
 * One database transaction, seen both through JPA ({@link #em()}) and through the very same
 * JDBC connection ({@link #connection()}) for the bulk paths, so a use case that mixes the two
 * still commits or rolls back as one.
 */
public final class Tx {
    private final EntityManager em;
    private final Connection connection;
    private final boolean postgres;

    Tx(EntityManager em, Connection connection, boolean postgres) {
        this.em = em;
        this.connection = connection;
        this.postgres = postgres;
    }

    public EntityManager em() {
        return em;
    }

    public Connection connection() {
        return connection;
    }

    public boolean postgres() {
        return postgres;
    }
}
