package dev.trustmap.policy.cel;

import java.util.List;

/**
 * The typed evaluation context of policies: one record per CEL variable. These records are the
 * schema: an expression that selects a field none of them has ({@code pkg.nmae}) does not
 * compile. Nulls are not allowed in the records (empty strings and lists say "not known"), so a
 * policy never fails on a missing value.
 */
public final class PolicyFacts {
    private PolicyFacts() {
    }

    /** {@code pkg}: the package, purl without version ({@code package} is a reserved word in CEL). */
    public record PackageFacts(String purl, String ecosystem, String namespace, String name) {
    }

    /** {@code version}: the version in use. */
    public record VersionFacts(String value, String purl, boolean direct, String scope, List<String> licenses) {
        public VersionFacts {
            licenses = List.copyOf(licenses);
        }
    }

    /**
     * {@code evidence}: what the registry said about this version.
     *
     * @param status           {@code pending} (not collected yet), {@code complete} or {@code degraded}
     * @param collectedAt      ISO-8601 instant, empty when pending
     * @param signed           a Sigstore bundle or provenance attestation is published for this version
     * @param previousSigned   one was published for the previous release
     * @param provenance       provenance verified (Sigstore bundle verified, or attestation matching the repository)
     * @param hashMismatch     the registry's hash differs from the SBOM's
     * @param deprecated       deprecated, relocated or yanked
     * @param installScripts   npm install scripts present
     * @param publisher        who published this version, empty when the registry does not say
     * @param previousPublisher who published the previous release
     * @param gaps             evidence that is unknown or stale
     * @param signals          every evidence item: signal name, state and value
     */
    public record EvidenceFacts(String status, String collectedAt, boolean signed, boolean previousSigned,
                                boolean provenance, boolean hashMismatch, boolean deprecated, boolean installScripts,
                                String publisher, String previousPublisher, List<String> gaps, List<SignalFacts> signals) {
        public EvidenceFacts {
            gaps = List.copyOf(gaps);
            signals = List.copyOf(signals);
        }

        public static EvidenceFacts pending() {
            return new EvidenceFacts("pending", "", false, false, false, false, false, false, "", "", List.of(), List.of());
        }
    }

    /** One evidence item: {@code state} is present, absent, unknown or stale. */
    public record SignalFacts(String name, String state, String value) {
    }

    /** {@code scores}: the trust score of this version (all zero and grade {@code ?} while pending). */
    public record ScoreFacts(long provenance, long health, String grade, String modelVersion) {
        public static ScoreFacts pending() {
            return new ScoreFacts(0, 0, "?", "");
        }
    }

    /** One element of {@code events}: a trust event of the package. */
    public record EventFacts(String kind, String version, boolean thisVersion, String occurredAt, long ageDays,
                             String detail) {
    }

    /**
     * {@code review}: the governance decision that applies to this version.
     *
     * @param state    {@code none}, {@code proposed}, {@code in_review}, {@code approved},
     *                 {@code approved_with_conditions}, {@code rejected} or {@code revoked}
     * @param approved state is approved or approved_with_conditions (and not expired)
     * @param rejected state is rejected
     */
    public record ReviewFacts(String state, boolean approved, boolean rejected, String decidedBy, String reason) {
        public static final ReviewFacts NONE = new ReviewFacts("none", false, false, "", "");
    }

    /** {@code service}: the service whose SBOM or contract is evaluated. */
    public record ServiceFacts(String name, String tier, List<String> regions, String owner) {
        public ServiceFacts {
            regions = List.copyOf(regions);
        }
    }

    /** {@code contract}: one dependency contract (a topology dependency entry). */
    public record ContractFacts(String name, String mode, String provider, String capability, String service,
                                boolean crossRegion, String degradedBehavior, String fallback, String userImpact,
                                String runbook, long timeoutMs, String delivery, String idempotency, String ordering) {
    }

    /** {@code provider}: the provider the contract targets (empty fields for a service → service contract). */
    public record ProviderFacts(String name, List<String> capabilities, List<String> regions, String dataResidency) {
        public static final ProviderFacts NONE = new ProviderFacts("", List.of(), List.of(), "");

        public ProviderFacts {
            capabilities = List.copyOf(capabilities);
            regions = List.copyOf(regions);
        }
    }

    /** Everything a component policy sees. */
    public record ComponentContext(PackageFacts pkg, VersionFacts version, EvidenceFacts evidence, ScoreFacts scores,
                                   List<EventFacts> events, ReviewFacts review, ServiceFacts service) {
        public ComponentContext {
            events = List.copyOf(events);
        }

        public boolean pending() {
            return evidence.status().equals("pending");
        }
    }

    /** Everything a dependency policy sees. */
    public record DependencyContext(ServiceFacts service, ContractFacts contract, ProviderFacts provider) {
    }
}
