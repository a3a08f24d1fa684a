package dev.trustmap.api.token.model;

import java.time.OffsetDateTime;
import java.util.List;

/** Create an API token. {@code service} scopes an upload token to one service. */
public record TokenRequest(String name, String owner, List<String> roles, String service, OffsetDateTime expiresAt) {
}
