package dev.trustmap.scanner.registry;

import java.time.Duration;

/**
 * How politely one registry is treated.
 *
 * @param concurrency  requests in flight at once to this registry
 * @param timeout      one request's time limit (connect + answer)
 * @param deadline     the time limit of one fetch including its retries
 * @param attempts     at most this many tries per fetch (the one retry authority for registry calls)
 * @param maxBodyBytes larger answers are refused (a failure, not a truncation)
 * @param freshFor     a cached answer younger than this is used without asking the registry
 */
public record RegistryLimits(int concurrency, Duration timeout, Duration deadline, int attempts, long maxBodyBytes,
                             Duration freshFor) {

    public static RegistryLimits defaults() {
        return new RegistryLimits(4, Duration.ofSeconds(10), Duration.ofSeconds(30), 3, 32L * 1024 * 1024, Duration.ofHours(12));
    }

    public RegistryLimits withFreshFor(Duration fresh) {
        return new RegistryLimits(concurrency, timeout, deadline, attempts, maxBodyBytes, fresh);
    }

    public RegistryLimits withDeadline(Duration timeoutEach, Duration total, int tries) {
        return new RegistryLimits(concurrency, timeoutEach, total, tries, maxBodyBytes, freshFor);
    }
}
