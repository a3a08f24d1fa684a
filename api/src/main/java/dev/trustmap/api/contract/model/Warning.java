package dev.trustmap.api.contract.model;

/** A design gap the write was accepted with (same rules as {@code trustmap-scan lint-topology}). */
public record Warning(String service, String dependency, String rule, String message) {
}
