package dev.trustmap.policy.cel;

import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.ContractFacts;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import dev.trustmap.policy.cel.PolicyFacts.EventFacts;
import dev.trustmap.policy.cel.PolicyFacts.EvidenceFacts;
import dev.trustmap.policy.cel.PolicyFacts.PackageFacts;
import dev.trustmap.policy.cel.PolicyFacts.ProviderFacts;
import dev.trustmap.policy.cel.PolicyFacts.ReviewFacts;
import dev.trustmap.policy.cel.PolicyFacts.ScoreFacts;
import dev.trustmap.policy.cel.PolicyFacts.ServiceFacts;
import dev.trustmap.policy.cel.PolicyFacts.VersionFacts;
import java.util.List;

/** Golden contexts for the policy tests: a clean, fully evidenced npm component of a critical service. */
final class Contexts {
    private Contexts() {
    }

    static final ServiceFacts CRITICAL = new ServiceFacts("checkout-api", "critical", List.of("eu"), "payments");
    static final ServiceFacts STANDARD = new ServiceFacts("reports", "standard", List.of("eu"), "data");

    static ComponentContext clean() {
        return new ComponentContext(
                new PackageFacts("pkg:npm/left-pad", "npm", "", "left-pad"),
                new VersionFacts("1.3.0", "pkg:npm/left-pad@1.3.0", true, "required", List.of("MIT")),
                evidence(false, false, false, false, true, true),
                new ScoreFacts(85, 70, "B", "2026.11-2"),
                List.of(), ReviewFacts.NONE, CRITICAL);
    }

    static EvidenceFacts evidence(boolean hashMismatch, boolean deprecated, boolean installScripts, boolean previousSigned,
                                  boolean signed, boolean provenance) {
        return new EvidenceFacts("complete", "2026-11-20T10:00:00Z", signed, previousSigned, provenance, hashMismatch,
                deprecated, installScripts, "alice", "alice", List.of(), List.of());
    }

    static ComponentContext with(ComponentContext c, EvidenceFacts evidence) {
        return new ComponentContext(c.pkg(), c.version(), evidence, c.scores(), c.events(), c.review(), c.service());
    }

    static ComponentContext with(ComponentContext c, ScoreFacts scores) {
        return new ComponentContext(c.pkg(), c.version(), c.evidence(), scores, c.events(), c.review(), c.service());
    }

    static ComponentContext with(ComponentContext c, ReviewFacts review) {
        return new ComponentContext(c.pkg(), c.version(), c.evidence(), c.scores(), c.events(), review, c.service());
    }

    static ComponentContext with(ComponentContext c, ServiceFacts service) {
        return new ComponentContext(c.pkg(), c.version(), c.evidence(), c.scores(), c.events(), c.review(), service);
    }

    static ComponentContext with(ComponentContext c, List<EventFacts> events) {
        return new ComponentContext(c.pkg(), c.version(), c.evidence(), c.scores(), events, c.review(), c.service());
    }

    static ComponentContext maven(ComponentContext c) {
        return new ComponentContext(new PackageFacts("pkg:maven/org.example/lib", "maven", "org.example", "lib"),
                new VersionFacts("1.0", "pkg:maven/org.example/lib@1.0", true, "required", List.of()),
                c.evidence(), c.scores(), c.events(), c.review(), c.service());
    }

    static ComponentContext pending() {
        ComponentContext c = clean();
        return new ComponentContext(c.pkg(), c.version(), EvidenceFacts.pending(), ScoreFacts.pending(), List.of(), c.review(), c.service());
    }

    static DependencyContext dependency(ServiceFacts service, String mode, String degraded, String fallback) {
        return new DependencyContext(service, new ContractFacts("payment-gateway", mode, "stripe", "payment", "", false,
                degraded, fallback, "", "", 3000, "", "", ""), new ProviderFacts("stripe", List.of("payment"), List.of("eu"), "eu"));
    }

    static EventFacts event(String kind, boolean thisVersion, long ageDays) {
        return new EventFacts(kind, thisVersion ? "1.3.0" : "1.2.0", thisVersion, "2026-11-20T10:00:00Z", ageDays, "");
    }
}
