package dev.trustmap.api.platform.security;

import java.util.Set;

/** The four roles. {@code admin} implies every other role. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String REVIEWER = "reviewer";
    public static final String SCANNER = "scanner";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VIEWER, REVIEWER, SCANNER, ADMIN);

    private Roles() {
    }
}
