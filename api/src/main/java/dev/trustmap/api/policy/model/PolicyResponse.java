package dev.trustmap.api.policy.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** A policy version. */
public record PolicyResponse(String name, int version, boolean enabled, boolean builtIn, String description, String expression,
                             String severity, String target, PolicyRequest.Scope scope, String message, Set<String> reads,
                             String changedBy, OffsetDateTime changedAt) {
    /** A write: the resulting version and whether anything changed. */
    public record Write(PolicyResponse policy, boolean changed) {
    }
}
