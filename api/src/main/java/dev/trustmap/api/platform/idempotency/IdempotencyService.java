package dev.trustmap.api.platform.idempotency;

import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.database.idempotency.IdempotencyRecordEntity;
import dev.trustmap.database.idempotency.IdempotencyRepository;
import dev.trustmap.database.platform.Tx;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} handling for externally triggered writes. A key belongs to the caller
 * that used it; the first request's payload hash and the resource it created are persisted in the
 * same transaction as the write. The same key with the same payload finds that resource again;
 * with a different payload it is a {@code 409}.
 */
public final class IdempotencyService {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private final IdempotencyRepository records;

    public IdempotencyService(IdempotencyRepository records) {
        this.records = records;
    }

    /** Rejects keys that are empty, too long or not printable ASCII. */
    public static void validate(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1–200 printable ASCII characters without spaces");
        }
    }

    /** The resource created by an earlier request with this key, if the payload matches; 409 if it does not. */
    public Optional<UUID> replay(Tx tx, String principal, String key, String operation, String requestHash) {
        return records.find(tx, principal, key).map(record -> {
            if (!record.getOperation().equals(operation) || !record.getRequestHash().equals(requestHash)) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key '" + key + "' was first used with a different request; use a new key for a new request");
            }
            return record.getResourceId();
        });
    }

    public void remember(Tx tx, String principal, String key, String operation, String requestHash, UUID resourceId,
                         OffsetDateTime now) {
        records.create(tx, new IdempotencyRecordEntity(principal, key, operation, requestHash, resourceId, now));
    }
}
