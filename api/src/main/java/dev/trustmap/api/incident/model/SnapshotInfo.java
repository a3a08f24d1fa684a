package dev.trustmap.api.incident.model;

import java.time.Instant;

/**
 * Which graph snapshot answered: when it was built, how old it is, and whether the database
 * was reachable at the last refresh ({@code source} is {@code live} or {@code snapshot}).
 */
public record SnapshotInfo(Instant builtAt, long ageSeconds, String source, boolean databaseReachable, long changeVersion) {
}
