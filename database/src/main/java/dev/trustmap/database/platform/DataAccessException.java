package dev.trustmap.database.platform;

import java.sql.SQLException;

/** A JDBC failure in a repository's explicit SQL, unchecked so use cases stay readable. */
public final class DataAccessException extends RuntimeException {
    public DataAccessException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /** Whether the failure is a unique-constraint violation (SQLSTATE 23505 on PostgreSQL and H2). */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
}
