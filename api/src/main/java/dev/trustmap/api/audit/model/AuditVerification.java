package dev.trustmap.api.audit.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code GET /api/v1/audit/verify}: {@code valid} with the number of entries and the
 * head's hash, or not valid, naming the first entry that breaks the chain ({@code brokenAt}, its seq)
 * and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerification(boolean valid, long entries, String head, Long brokenAt, String reason) {
    public static AuditVerification valid(long entries, String head) {
        return new AuditVerification(true, entries, head, null, null);
    }

    public static AuditVerification broken(long entries, long brokenAt, String reason) {
        return new AuditVerification(false, entries, null, brokenAt, reason);
    }
}
