package dev.trustmap.database.platform;

/** The database could not be reached (connection refused, pool timeout, server shut down). */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
