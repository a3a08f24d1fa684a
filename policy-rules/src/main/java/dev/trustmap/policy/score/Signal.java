package dev.trustmap.policy.score;

import java.time.Instant;

/**
 * One fact about a package version, with where and when it was learnt.
 *
 * @param state     see {@link EvidenceState}
 * @param value     the fact (meaningful when {@code PRESENT}; may be null otherwise)
 * @param source    where it came from (a URL), or null
 * @param fetchedAt when it was fetched, or null when never
 * @param detail    human detail for explanations (e.g. the signer identity), or null
 */
public record Signal<T>(EvidenceState state, T value, String source, Instant fetchedAt, String detail) {

    public static <T> Signal<T> present(T value, String source, Instant fetchedAt, String detail) {
        return new Signal<>(EvidenceState.PRESENT, value, source, fetchedAt, detail);
    }

    public static <T> Signal<T> absent(String source, Instant fetchedAt) {
        return new Signal<>(EvidenceState.ABSENT, null, source, fetchedAt, null);
    }

    public static <T> Signal<T> unknown() {
        return new Signal<>(EvidenceState.UNKNOWN, null, null, null, null);
    }

    public static <T> Signal<T> stale(T lastValue, String source, Instant fetchedAt) {
        return new Signal<>(EvidenceState.STALE, lastValue, source, fetchedAt, null);
    }

    public boolean isPresent() {
        return state == EvidenceState.PRESENT;
    }

    /** For bad news: a stale finding still counts (stale evidence never turns a bad score good). */
    public boolean presentOrStale() {
        return state == EvidenceState.PRESENT || state == EvidenceState.STALE;
    }
}
