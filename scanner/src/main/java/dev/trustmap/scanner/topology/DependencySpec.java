package dev.trustmap.scanner.topology;

import java.util.Map;

/**
 * One declared dependency (a dependency contract) of a service, validated. Exactly one of
 * {@code service} / {@code provider} is set, or neither (an edge whose target is not modelled).
 * Enumerated fields hold their canonical lower-case spelling; absent optional fields are null.
 *
 * @param name               unique per service (slug)
 * @param service            internal target service (slug) or null
 * @param provider           provider name (slug) or null
 * @param capability         capability used of the provider (slug), required with provider
 * @param mode               {@code sync} or {@code async}
 * @param criticality        {@code critical}, {@code high} or {@code standard}
 * @param crossRegion        whether the dependency is called across regions
 * @param orderingGuarantee  {@code none}, {@code partition-ordered} or {@code total}
 * @param delivery           {@code at-most-once}, {@code at-least-once} or {@code effectively-once}
 * @param idempotency        {@code none}, {@code key} or {@code natural}
 * @param timeoutMs          1 … 3,600,000
 * @param retryOwner         who retries (free text)
 * @param throughputNormal   free text, e.g. "1200 rps"
 * @param throughputDegraded free text
 * @param quota              region → quota (free text); empty if none
 * @param degradedBehavior   what the service does when the dependency degrades
 * @param fallback           the fallback
 * @param userImpact         what users notice
 * @param runbook            http(s) URL
 * @param position           where it was declared
 */
public record DependencySpec(
        String name,
        String service,
        String provider,
        String capability,
        String mode,
        String criticality,
        Boolean crossRegion,
        String orderingGuarantee,
        String delivery,
        String idempotency,
        Integer timeoutMs,
        String retryOwner,
        String throughputNormal,
        String throughputDegraded,
        Map<String, String> quota,
        String degradedBehavior,
        String fallback,
        String userImpact,
        String runbook,
        Position position) {
}
