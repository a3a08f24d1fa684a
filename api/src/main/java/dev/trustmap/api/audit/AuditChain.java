package dev.trustmap.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.trustmap.database.audit.AuditRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit chain's arithmetic, stated so that anyone can check a copy of {@code audit_entry}
 * without Trustmap (README, "Audit chain"):
 *
 * <pre>
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of the JSON array
 *   ["trustmap-audit-v1", seq, occurred_at, actor, action, target, reason, request_id,
 *    before_digest, after_digest, prev_hash]
 * </pre>
 * written without any whitespace, {@code seq} a JSON number, {@code occurred_at} in UTC as
 * {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} (always six fraction digits), absent values as {@code null},
 * and strings escaped as Python's {@code json.dumps(…, ensure_ascii=False, separators=(",", ":"))}
 * escapes them: {@code \"}, {@code \\}, {@code \b \f \n \r \t}, other characters below U+0020 as
 * <code>&#92;u00xx</code> (lowercase hex), everything else as itself. Entry 1's {@code prev_hash} is 64 zeros.
 *
 * <p>A state digest ({@code before_digest}, {@code after_digest}) is the lowercase hex SHA-256 of the
 * state's JSON as the API shows it, with the keys of every object sorted.
 */
public final class AuditChain {
    static final String VERSION = "trustmap-audit-v1";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AuditChain() {
    }

    /** The time as stored and hashed: microseconds (what PostgreSQL and H2 keep), UTC. */
    public static OffsetDateTime stored(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The time as hashed and shown: {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. */
    public static String time(OffsetDateTime time) {
        return TIME.format(stored(time));
    }

    /** The hash an entry must have, from its other fields (its own {@code hash} is ignored). */
    public static String hash(AuditRow e) {
        StringBuilder json = new StringBuilder(256).append('[');
        string(json, VERSION).append(',').append(e.seq()).append(',');
        string(json, time(e.occurredAt())).append(',');
        String[] rest = {e.actor(), e.action(), e.target(), e.reason(), e.requestId(), e.beforeDigest(), e.afterDigest(), e.prevHash()};
        for (int i = 0; i < rest.length; i++) {
            string(json, rest[i]);
            json.append(i == rest.length - 1 ? ']' : ',');
        }
        return sha256(json.toString());
    }

    /** The digest of a state (null for none: before a create, after a delete). */
    public static String digest(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return sha256(CANONICAL.writeValueAsString(CANONICAL.valueToTree(state)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot serialise the audited state of " + state.getClass().getSimpleName(), e);
        }
    }

    static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
