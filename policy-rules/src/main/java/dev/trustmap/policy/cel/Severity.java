package dev.trustmap.policy.cel;

import java.util.Locale;

/** How much a policy violation matters: {@code fail} blocks a gate, {@code warn} flags it, {@code info} only reports. */
public enum Severity {
    INFO, WARN, FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromId(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be one of info, warn, fail");
    }
}
