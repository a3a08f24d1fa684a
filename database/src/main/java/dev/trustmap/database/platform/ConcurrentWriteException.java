package dev.trustmap.database.platform;

/**
 * A transaction kept losing to concurrent writers of the same rows (a unique key taken, a
 * deadlock, a serialization failure) even after being run again a few times. Nothing of it was
 * committed; the caller may simply retry.
 */
public final class ConcurrentWriteException extends RuntimeException {
    public ConcurrentWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
