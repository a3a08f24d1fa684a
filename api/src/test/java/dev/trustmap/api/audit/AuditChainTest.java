package dev.trustmap.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.database.audit.AuditRow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hash as the README states it, checked against a vector computed outside Java (Python's json.dumps and hashlib). */
class AuditChainTest {
    private static final AuditRow ENTRY = new AuditRow(7,
            OffsetDateTime.of(2026, 12, 5, 6, 40, 0, 123_456_789, ZoneOffset.ofHours(1)), "trustmap/bootstrap-admin",
            "review.transition", "package:pkg:npm/left-pad/review:0b6e1a52-6c1c-4f0e-9d55-0f5a3f0c2b11",
            "looks \"fine\"\n\tbut \\ check\u0001 — ünïcode", null, "a".repeat(64), null, "0".repeat(64), null);

    @Test
    void hashesTheCanonicalArrayAsPythonWritesIt() {
        // python3: fields = ["trustmap-audit-v1", 7, "2026-12-05T05:40:00.123456Z", …]
        //          hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
        assertThat(AuditChain.hash(ENTRY)).isEqualTo("1706be8f0d5a70c4b98dcf660f21c5b7ae6bd7b63bb9b7f650c355b455856790");
    }

    @Test
    void everyFieldChangesTheHash() {
        String hash = AuditChain.hash(ENTRY);
        AuditRow[] edits = {
            new AuditRow(8, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt().plusNanos(1_000), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), "someone/else", ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), "review.request", ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), "service:x", ENTRY.reason(), null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), null, null, ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), "req-1", ENTRY.beforeDigest(), null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, null, null, ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), "b".repeat(64), ENTRY.prevHash(), null),
            new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), ENTRY.reason(), null, ENTRY.beforeDigest(), null, "1".repeat(64), null),
        };
        for (AuditRow edit : edits) {
            assertThat(AuditChain.hash(edit)).as(edit.toString()).isNotEqualTo(hash);
        }
        // a null is not an empty string
        assertThat(AuditChain.hash(new AuditRow(7, ENTRY.occurredAt(), ENTRY.actor(), ENTRY.action(), ENTRY.target(), "", null,
                ENTRY.beforeDigest(), null, ENTRY.prevHash(), null))).isNotEqualTo(AuditChain.hash(edits[5]));
    }

    @Test
    void aStateDigestDoesNotDependOnKeyOrder() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("b", 1);
        one.put("a", Map.of("y", 2, "x", 3));
        Map<String, Object> two = new TreeMap<>(Map.of("a", new TreeMap<>(Map.of("x", 3, "y", 2)), "b", 1));
        assertThat(AuditChain.digest(one)).hasSize(64).isEqualTo(AuditChain.digest(two));
        assertThat(AuditChain.digest(Map.of("b", 2))).isNotEqualTo(AuditChain.digest(Map.of("b", 1)));
        assertThat(AuditChain.digest(null)).isNull();
    }
}
