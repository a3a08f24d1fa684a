package dev.trustmap.policy.cel;

import java.util.Locale;

/** A gate decision: {@code fail} when a fail-severity policy is violated (or could not be evaluated), {@code warn} likewise for warn. */
public enum Decision {
    PASS, WARN, FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Decision fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** Whether this decision is at least as bad as {@code other}. */
    public boolean atLeast(Decision other) {
        return compareTo(other) >= 0;
    }
}
