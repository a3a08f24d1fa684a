package dev.trustmap.api.contract.model;

import java.util.List;

/**
 * What a topology import changed (or, with {@code dryRun}, would change). Contracts are named
 * {@code service/name}.
 */
public record TopologyImportResponse(boolean dryRun, List<ServiceChange> services, List<String> created,
                                     List<ContractChange> changed, List<String> removed, int unchanged,
                                     List<String> providersCreated, List<Warning> warnings) {

    /** A service created or whose attributes changed. */
    public record ServiceChange(String service, boolean created, List<String> fields) {
    }

    /** A contract whose fields changed. */
    public record ContractChange(String contract, int fromVersion, List<String> fields) {
    }
}
