package dev.trustmap.policy.cel;

/** A compiled policy with the version of its definition that was compiled. */
public record VersionedPolicy(CompiledPolicy policy, int version) {
}
