package dev.trustmap.policy.cel;

import java.util.List;
import java.util.Locale;

/**
 * Where a policy applies: everywhere, to services of some tiers, to packages of some ecosystems,
 * or to a list of services.
 *
 * @param kind   {@code all}, {@code tier}, {@code ecosystem} or {@code services}
 * @param values the tiers, ecosystems or service names (empty for {@code all})
 */
public record PolicyScope(String kind, List<String> values) {
    private static final List<String> KINDS = List.of("all", "tier", "ecosystem", "services");
    public static final PolicyScope ALL = new PolicyScope("all", List.of());

    public PolicyScope {
        kind = kind == null ? "all" : kind.toLowerCase(Locale.ROOT);
        values = values == null ? List.of() : List.copyOf(values);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("scope.kind must be one of " + String.join(", ", KINDS));
        }
        if (!kind.equals("all") && values.isEmpty()) {
            throw new IllegalArgumentException("scope.values must name at least one " + kind);
        }
    }

    /** Whether a policy with this scope applies to a service (and, for component policies, an ecosystem). */
    public boolean applies(String serviceName, String serviceTier, String ecosystem) {
        return switch (kind) {
            case "tier" -> serviceTier != null && values.contains(serviceTier);
            case "ecosystem" -> ecosystem != null && values.contains(ecosystem);
            case "services" -> values.contains(serviceName);
            default -> true;
        };
    }
}
