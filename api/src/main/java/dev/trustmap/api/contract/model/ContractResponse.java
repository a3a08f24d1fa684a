package dev.trustmap.api.contract.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;

/** One version of a dependency contract. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContractResponse(String service, String name, int version, boolean current, boolean removed,
                               String targetService, String provider, String capability, String mode,
                               String criticality, Boolean crossRegion, String orderingGuarantee, String delivery,
                               String idempotency, Integer timeoutMs, String retryOwner, String throughputNormal,
                               String throughputDegraded, Map<String, String> quota, String degradedBehavior,
                               String fallback, String userImpact, String runbook, String changeSource,
                               String changedBy, OffsetDateTime changedAt) {
}
