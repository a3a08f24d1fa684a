package dev.trustmap.api.incident.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The contract an affected service depends through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContractView(String service, String name, String targetService, String provider, String capability,
                           String mode, String criticality, Boolean crossRegion, String degradedBehavior,
                           String fallback, String userImpact, String runbook, Integer timeoutMs) {
}
