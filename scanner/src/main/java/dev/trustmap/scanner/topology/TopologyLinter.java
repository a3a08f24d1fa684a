package dev.trustmap.scanner.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Design gaps in valid topologies. Rules (stable ids):
 * <ul>
 *   <li>{@code sync-critical-without-degraded-behavior}: a sync dependency of a critical service
 *       without a degraded behaviour or without a fallback;</li>
 *   <li>{@code single-region-call-without-degraded-behavior}: {@code cross_region: false} in a
 *       service with several regions, without a degraded behaviour;</li>
 *   <li>{@code no-target}: a dependency naming neither a provider nor a service (it cannot appear
 *       in provider maps).</li>
 * </ul>
 */
public final class TopologyLinter {

    public List<LintFinding> lint(TopologyFile file) {
        List<LintFinding> findings = new ArrayList<>();
        file.services().forEach(service -> findings.addAll(lint(service)));
        return findings;
    }

    public List<LintFinding> lint(ServiceTopology service) {
        List<LintFinding> findings = new ArrayList<>();
        for (DependencySpec d : service.dependencies()) {
            Position at = d.position() != null ? d.position() : service.position() != null ? service.position()
                    : new Position("request", 1, 1);
            if ("critical".equals(service.tier()) && "sync".equals(d.mode())) {
                List<String> missing = new ArrayList<>();
                if (d.degradedBehavior() == null) {
                    missing.add("degraded_behavior");
                }
                if (d.fallback() == null) {
                    missing.add("fallback");
                }
                if (!missing.isEmpty()) {
                    findings.add(new LintFinding(at.file(), at.line(), at.column(), service.service(), d.name(),
                            "sync-critical-without-degraded-behavior", "sync dependency of a critical service without "
                            + String.join(" and ", missing)));
                }
            }
            if (Boolean.FALSE.equals(d.crossRegion()) && service.regions().size() > 1 && d.degradedBehavior() == null) {
                findings.add(new LintFinding(at.file(), at.line(), at.column(), service.service(), d.name(),
                        "single-region-call-without-degraded-behavior", "cross_region is false in a service running in "
                        + service.regions().size() + " regions, but no degraded_behavior says what happens when the local one fails"));
            }
            if (d.service() == null && d.provider() == null) {
                findings.add(new LintFinding(at.file(), at.line(), at.column(), service.service(), d.name(), "no-target",
                        "names neither a provider nor a service, so it cannot appear in provider maps or incident lookups"));
            }
        }
        return findings;
    }
}
