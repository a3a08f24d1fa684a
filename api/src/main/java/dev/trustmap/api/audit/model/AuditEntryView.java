package dev.trustmap.api.audit.model;

/**
 * One audit entry as {@code GET /api/v1/audit} shows it: every stored field, {@code occurredAt}
 * written exactly as it is hashed (UTC, six fraction digits), so a copy can be verified offline.
 */
public record AuditEntryView(long seq, String occurredAt, String actor, String action, String target, String reason,
                             String requestId, String beforeDigest, String afterDigest, String prevHash, String hash) {
}
