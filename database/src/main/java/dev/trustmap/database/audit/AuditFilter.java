package dev.trustmap.database.audit;

import java.time.OffsetDateTime;

/**
 * What an audit list is narrowed to; every part may be null (no narrowing).
 *
 * @param target a target such as {@code service:checkout-api}: that target and every target below it
 *               ({@code service:checkout-api/contract:mail})
 * @param from   entries at or after this time
 * @param to     entries before this time
 */
public record AuditFilter(String actor, String action, String target, OffsetDateTime from, OffsetDateTime to) {
}
