package dev.trustmap.api.dtrack.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * One Trustmap policy finding in Dependency-Track's policy-violation shape. Every finding is
 * {@code OPERATIONAL} (Trustmap's policies judge provenance, health and contracts, not licences or
 * vulnerabilities); {@code violationState} is the policy's severity ({@code FAIL}, {@code WARN},
 * {@code INFO}); the condition's value is the policy's CEL expression; {@code text} the finding's
 * message. A finding about a dependency contract, not a component, names the service → provider
 * pair as its component.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DtViolation(UUID uuid, String type, long timestamp, String text, Component component, Condition policyCondition) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(UUID uuid, String group, String name, String version, String purl) {
    }

    public record Condition(UUID uuid, String subject, String operator, String value, Policy policy) {
    }

    public record Policy(UUID uuid, String name, String operator, String violationState) {
    }
}
