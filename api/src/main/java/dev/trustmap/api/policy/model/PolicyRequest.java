package dev.trustmap.api.policy.model;

import java.util.List;

/** A policy as written by its authors (create, update, dry run). Absent fields keep their defaults. */
public record PolicyRequest(String name, String description, String expression, String severity, String target,
                            Scope scope, String message, Boolean enabled) {
    /** Where it applies: {@code all}, {@code tier}, {@code ecosystem} or {@code services} with their values. */
    public record Scope(String kind, List<String> values) {
    }
}
