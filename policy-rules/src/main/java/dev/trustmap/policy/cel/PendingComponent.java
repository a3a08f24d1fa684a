package dev.trustmap.policy.cel;

import java.util.List;

/** A component whose evidence is still being collected, and the policies that wait for it. */
public record PendingComponent(String subject, List<String> policies) {
    public PendingComponent {
        policies = List.copyOf(policies);
    }
}
