package dev.trustmap.api.policy.model;

import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import dev.trustmap.policy.cel.PolicyFacts.EventFacts;
import dev.trustmap.policy.cel.PolicyFacts.EvidenceFacts;
import dev.trustmap.policy.cel.PolicyFacts.ReviewFacts;
import dev.trustmap.policy.cel.PolicyFacts.ScoreFacts;
import dev.trustmap.policy.cel.PolicyFacts.ServiceFacts;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What {@code trustmap-scan} keeps for offline evaluation: the enabled policies and, for the
 * service's current snapshot, every version's evidence, score, events and review, and the
 * service's contracts.
 */
public record PolicyBundle(int formatVersion, OffsetDateTime generatedAt, String portalSnapshot, ServiceFacts service,
                           List<PolicyResponse> policies, List<ComponentEvidence> components, List<DependencyContext> dependencies) {
    /** The evidence side of one version's policy context. */
    public record ComponentEvidence(String purl, EvidenceFacts evidence, ScoreFacts scores, List<EventFacts> events, ReviewFacts review) {
    }
}
