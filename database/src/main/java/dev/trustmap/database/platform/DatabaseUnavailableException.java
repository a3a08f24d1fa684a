package dev.trustmap.database.platform;

/** The database could not be reached (connection refused, pool timeout, server shut down). */
public final class DatabaseUnavailableException extends RuntimeException {
    private final boolean outcomeUnknown;

    public DatabaseUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public DatabaseUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** The connection failed during the commit itself: the transaction may or may not have been committed. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
