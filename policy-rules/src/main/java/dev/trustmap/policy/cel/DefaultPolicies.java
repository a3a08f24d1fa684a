package dev.trustmap.policy.cel;

import java.util.List;

/** The rule pack enabled on a new installation. Each is an ordinary policy: it can be changed or disabled. */
public final class DefaultPolicies {
    /** Provenance score a package version needs to be used by a critical service. */
    public static final int CRITICAL_PROVENANCE_THRESHOLD = 40;

    private DefaultPolicies() {
    }

    public static List<PolicyDefinition> all() {
        return List.of(
                new PolicyDefinition("critical-low-provenance",
                        "Critical services use only package versions whose provenance can be shown.",
                        "scores.provenance < " + CRITICAL_PROVENANCE_THRESHOLD,
                        Severity.FAIL, PolicyTarget.COMPONENT, new PolicyScope("tier", List.of("critical")),
                        "{version.purl} has provenance score {scores.provenance} (grade {scores.grade}); a critical service needs at least "
                                + CRITICAL_PROVENANCE_THRESHOLD),
                new PolicyDefinition("publisher-changed-unreviewed",
                        "A version published by someone new in the last 30 days needs an approved review.",
                        "events.exists(e, e.kind == 'publisher-changed' && e.thisVersion && e.ageDays <= 30) && !review.approved",
                        Severity.FAIL, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl} was published by {evidence.publisher} instead of {evidence.previousPublisher} in the last 30 days, and no approved review covers it"),
                new PolicyDefinition("npm-install-scripts-unapproved",
                        "npm packages that run install scripts need an approved review.",
                        "evidence.installScripts && !review.approved",
                        Severity.WARN, PolicyTarget.COMPONENT, new PolicyScope("ecosystem", List.of("npm")),
                        "{version.purl} runs install scripts and has no approved review"),
                new PolicyDefinition("deprecated-package",
                        "Deprecated, relocated or yanked versions should be replaced.",
                        "evidence.deprecated",
                        Severity.WARN, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl} is marked deprecated by its registry"),
                new PolicyDefinition("provenance-regression",
                        "The previous release was signed (Sigstore bundle or provenance attestation) and this one is not.",
                        "evidence.previousSigned && !evidence.signed",
                        Severity.FAIL, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl} has no Sigstore bundle or attestation although the release before it had one"),
                new PolicyDefinition("provenance-invalid",
                        "A signature or provenance attestation published for the version must verify (forged, tampered or for another artifact otherwise), unless a reviewer approved it.",
                        "events.exists(e, e.kind == 'provenance-invalid' && e.thisVersion) && !review.approved",
                        Severity.FAIL, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl} has a signature or provenance attestation that does not verify, and no approved review covers it"),
                new PolicyDefinition("registry-hash-mismatch",
                        "The SBOM's hash must equal the registry's: a difference means the shipped artifact is not the published one.",
                        "evidence.hashMismatch",
                        Severity.FAIL, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl}: the hash in the SBOM differs from the registry's"),
                new PolicyDefinition("rejected-review",
                        "A package a reviewer rejected must not be used.",
                        "review.rejected",
                        Severity.FAIL, PolicyTarget.COMPONENT, PolicyScope.ALL,
                        "{version.purl} was rejected in review by {review.decidedBy}: {review.reason}"),
                new PolicyDefinition("critical-sync-dependency-without-fallback",
                        "A synchronous dependency of a critical service (or one whose mode is not declared) needs a degraded behaviour and a fallback.",
                        "(contract.mode == 'sync' || contract.mode == '') && (contract.degradedBehavior == '' || contract.fallback == '')",
                        Severity.WARN, PolicyTarget.DEPENDENCY, new PolicyScope("tier", List.of("critical")),
                        "{service.name} → {contract.name}: a synchronous dependency of a critical service without a declared degraded behaviour and fallback"));
    }
}
