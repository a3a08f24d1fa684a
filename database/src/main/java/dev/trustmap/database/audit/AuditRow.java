package dev.trustmap.database.audit;

import java.time.OffsetDateTime;

/**
 * One audit entry as stored: {@code hash} is the SHA-256 of the entry's canonical serialisation,
 * which includes {@code prevHash}, the hash of the entry before it (computed by the api module's
 * {@code AuditChain}; the database only stores it).
 */
public record AuditRow(long seq, OffsetDateTime occurredAt, String actor, String action, String target, String reason,
                       String requestId, String beforeDigest, String afterDigest, String prevHash, String hash) {
}
