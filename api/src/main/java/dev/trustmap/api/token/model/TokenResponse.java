package dev.trustmap.api.token.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An API token. {@code token} (the secret) is present only in the answer to its creation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(UUID id, String name, String owner, List<String> roles, String service, String prefix,
                            OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt,
                            OffsetDateTime revokedAt, String token) {
}
