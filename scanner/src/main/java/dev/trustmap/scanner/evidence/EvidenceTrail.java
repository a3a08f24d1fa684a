package dev.trustmap.scanner.evidence;

import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.Signal;
import dev.trustmap.scanner.registry.Fetched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns fetches into signals and keeps the evidence items and problems of one collection. */
final class EvidenceTrail {
    final List<EvidenceItem> items = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    /** Records a signal as an evidence item and returns it. */
    <T> Signal<T> record(String signal, Signal<T> value, Fetched from) {
        String text = value.state() == EvidenceState.UNKNOWN ? null
                : value.detail() != null ? String.valueOf(value.value()) + " (" + value.detail() + ")" : String.valueOf(value.value());
        if (value.state() == EvidenceState.ABSENT) {
            text = null;
        }
        items.add(new EvidenceItem(signal, value.state().name().toLowerCase(Locale.ROOT), text,
                from == null ? value.source() : from.url(), value.fetchedAt(), from == null ? null : from.digest()));
        return value;
    }

    /** A fetch that failed without a cached copy gives unknown; one served from a stale copy, stale. */
    void problem(Fetched fetched) {
        if (fetched.error() != null) {
            problems.add(fetched.url() + ": " + fetched.error() + (fetched.stale() ? " (using the copy fetched " + fetched.fetchedAt() + ")" : ""));
        }
    }

    void problem(String text) {
        problems.add(text);
    }

    static <T> Signal<T> present(T value, Fetched from, String detail) {
        return from.stale() ? new Signal<>(EvidenceState.STALE, value, from.url(), from.fetchedAt(), detail)
                : Signal.present(value, from.url(), from.fetchedAt(), detail);
    }

    static <T> Signal<T> absent(Fetched from) {
        return from.stale() ? new Signal<>(EvidenceState.STALE, null, from.url(), from.fetchedAt(), null)
                : Signal.absent(from.url(), from.fetchedAt());
    }

    static <T> Signal<T> unknown(Fetched from, String detail) {
        return new Signal<>(EvidenceState.UNKNOWN, null, from == null ? null : from.url(), null, detail);
    }

    static Instant when(Fetched f) {
        return f.fetchedAt();
    }
}
