package dev.trustmap.api.contract.model;

import java.util.List;

/** The contract after a write, whether the write created a new version, and any warnings. */
public record ContractWriteResponse(ContractResponse contract, boolean changed, List<Warning> warnings) {
}
