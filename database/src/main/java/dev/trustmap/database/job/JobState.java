package dev.trustmap.database.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ingestion job state machine, declared once:
 * {@code queued → processing → completed | failed}, and {@code processing → queued} when a
 * worker's lease ran out (the process died) so another worker retries it. Every state change in
 * {@link JobRepository} goes through {@link #requireMove(JobState)}; terminal states never move.
 */
public enum JobState {
    QUEUED, PROCESSING, COMPLETED, FAILED;

    public Set<JobState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PROCESSING);
            case PROCESSING -> EnumSet.of(COMPLETED, FAILED, QUEUED);
            case COMPLETED, FAILED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    /** Throws unless {@code this → target} is a declared transition. */
    public void requireMove(JobState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("Illegal ingestion job transition " + this + " → " + target);
        }
    }

    public boolean terminal() {
        return next().isEmpty();
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
