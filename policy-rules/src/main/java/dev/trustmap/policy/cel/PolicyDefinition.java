package dev.trustmap.policy.cel;

import java.util.regex.Pattern;

/**
 * A governance rule as its authors write it.
 *
 * @param name        stable identifier ({@code [a-z0-9][a-z0-9-]*}, at most 100 characters)
 * @param description what it is for
 * @param expression  a CEL expression that is {@code true} when the subject violates the policy
 * @param severity    info, warn or fail
 * @param target      component or dependency
 * @param scope       where it applies
 * @param message     the violation message; {@code {path}} placeholders ({@code {pkg.purl}},
 *                    {@code {scores.grade}}) are filled from the evaluation context
 */
public record PolicyDefinition(String name, String description, String expression, Severity severity,
                               PolicyTarget target, PolicyScope scope, String message) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    public PolicyDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits and '-', at most 100 characters");
        }
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("expression is required");
        }
        if (severity == null) {
            throw new IllegalArgumentException("severity is required (info, warn, fail)");
        }
        description = description == null ? "" : description;
        target = target == null ? PolicyTarget.COMPONENT : target;
        scope = scope == null ? PolicyScope.ALL : scope;
        message = message == null || message.isBlank() ? name : message;
    }
}
