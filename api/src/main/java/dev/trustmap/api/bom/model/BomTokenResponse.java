package dev.trustmap.api.bom.model;

import java.util.UUID;

/** Dependency-Track's upload answer: the token to poll. */
public record BomTokenResponse(UUID token) {
}
