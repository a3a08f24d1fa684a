package dev.trustmap.scanner.evidence;

import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.PackageEvidence;
import dev.trustmap.policy.score.Signal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What one collection learnt about one package version.
 *
 * @param versionPurl the package version
 * @param registry    which registry answered ({@code maven-central}, {@code npm}), or {@code none}
 * @param evidence    the scoring model's input
 * @param facts       the registry facts trust events are derived from (null when the registry could not be read)
 * @param items       every piece of evidence with its source, fetch time and answer digest
 * @param collectedAt when the collection ran
 * @param problems    what went wrong (registry unreachable, bad answer…), each one safe to show
 */
public record CollectedEvidence(String versionPurl, String registry, PackageEvidence evidence, RegistryFacts facts,
                                List<EvidenceItem> items, Instant collectedAt, List<String> problems) {

    public CollectedEvidence {
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }

    /** {@code complete}: every answer came fresh; {@code degraded}: some evidence is stale or unknown because of a failure. */
    public String status() {
        return problems.isEmpty() ? "complete" : "degraded";
    }

    /**
     * The scoring model's input again, from stored evidence items (what a collection recorded), so a new model
     * version can rescore without asking any registry. A signal without an item, or whose value cannot be read
     * back, is unknown (never good).
     */
    public static PackageEvidence evidenceFrom(String ecosystem, List<EvidenceItem> items) {
        Map<String, EvidenceItem> bySignal = new HashMap<>();
        for (EvidenceItem item : items) {
            bySignal.putIfAbsent(item.signal(), item);
        }
        Function<String, Boolean> bool = v -> "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null;
        Function<String, Integer> integer = v -> v != null && v.matches("-?\\d{1,9}") ? Integer.valueOf(v) : null;
        Function<String, Instant> instant = v -> {
            try {
                return v == null ? null : Instant.parse(v);
            } catch (DateTimeParseException e) {
                return null;
            }
        };
        return new PackageEvidence(ecosystem, signal(bySignal.get("sigstore"), bool, true), attestation(bySignal.get("attestation")),
                signal(bySignal.get("pgp-signature"), bool, true), signal(bySignal.get("source-repository"), Function.identity(), false),
                signal(bySignal.get("hash"), bool, true), signal(bySignal.get("last-release"), instant, true),
                signal(bySignal.get("release-cadence"), integer, true), signal(bySignal.get("maintainers"), integer, true),
                signal(bySignal.get("publisher-change"), instant, true), signal(bySignal.get("deprecated"), bool, true),
                bySignal.containsKey("install-scripts") || "npm".equals(ecosystem) ? signal(bySignal.get("install-scripts"), bool, true)
                        : Signal.absent(null, null), // only npm runs install scripts; other collectors record none
                signal(bySignal.get("license-change"), bool, true),
                signal(bySignal.get("version-released"), instant, true));
    }

    /**
     * An npm attestation stored as good before attestations were verified (its detail does not start
     * with {@value #VERIFIED}) reads back as unknown: it was read, never checked, and must not earn
     * points under a model that only rewards verified ones. {@link #needsRecollection} says so.
     */
    private static Signal<Boolean> attestation(EvidenceItem item) {
        Signal<Boolean> stored = signal(item, v -> "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null, true);
        if (Boolean.TRUE.equals(stored.value()) && (stored.detail() == null || !stored.detail().startsWith(VERIFIED))) {
            return new Signal<>(EvidenceState.UNKNOWN, null, stored.source(), null, "recorded before attestations were verified");
        }
        return stored;
    }

    /** The detail every verified attestation is recorded with. */
    static final String VERIFIED = "verified: ";

    /** Whether stored items hold evidence that must be collected again before it can count (see {@link #attestation}). */
    public static boolean needsRecollection(List<EvidenceItem> items) {
        return items.stream().anyMatch(i -> "attestation".equals(i.signal()) && i.value() != null && i.value().startsWith("true")
                && !i.value().startsWith("true (" + VERIFIED));
    }

    /** Reads back what {@code EvidenceTrail.record} wrote: {@code value} or {@code value (detail)}. */
    private static <T> Signal<T> signal(EvidenceItem item, Function<String, T> parse, boolean hasDetail) {
        if (item == null || item.state() == null) {
            return Signal.unknown();
        }
        EvidenceState state;
        try {
            state = EvidenceState.valueOf(item.state().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Signal.unknown();
        }
        if (state == EvidenceState.UNKNOWN) {
            return new Signal<>(EvidenceState.UNKNOWN, null, item.source(), null, null);
        }
        String text = item.value();
        String detail = null;
        int open = text == null || !hasDetail ? -1 : text.indexOf(" (");
        if (open > 0 && text.endsWith(")")) {
            detail = text.substring(open + 2, text.length() - 1);
            text = text.substring(0, open);
        }
        T value = text == null || "null".equals(text) ? null : parse.apply(text);
        if (state == EvidenceState.PRESENT && value == null) {
            return new Signal<>(EvidenceState.UNKNOWN, null, item.source(), null, "stored value unreadable");
        }
        return new Signal<>(state, value, item.source(), item.fetchedAt(), detail);
    }
}
