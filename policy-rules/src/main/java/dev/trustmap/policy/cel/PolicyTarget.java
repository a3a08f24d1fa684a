package dev.trustmap.policy.cel;

import java.util.Locale;
import java.util.Set;

/**
 * What a policy is evaluated against. A {@code component} policy sees one package version used by a
 * service ({@code pkg}, {@code version}, {@code evidence}, {@code scores}, {@code events},
 * {@code review}, {@code service}); a {@code dependency} policy sees one dependency contract of a
 * service ({@code service}, {@code contract}, {@code provider}).
 */
public enum PolicyTarget {
    COMPONENT(Set.of("pkg", "version", "evidence", "scores", "events", "review", "service")),
    DEPENDENCY(Set.of("service", "contract", "provider"));

    private final Set<String> variables;

    PolicyTarget(Set<String> variables) {
        this.variables = variables;
    }

    /** The CEL variables a policy of this target may read. */
    public Set<String> variables() {
        return variables;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PolicyTarget fromId(String id) {
        for (PolicyTarget t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("target must be component or dependency");
    }
}
