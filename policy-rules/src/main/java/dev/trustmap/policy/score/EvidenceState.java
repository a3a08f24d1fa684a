package dev.trustmap.policy.score;

/**
 * How much a piece of evidence can be trusted: {@code PRESENT} (fetched and true/known),
 * {@code ABSENT} (fetched: the thing does not exist), {@code UNKNOWN} (never fetched or the
 * registry could not say), {@code STALE} (fetched once, the last refresh failed). Unknown and
 * stale evidence never earns points: it is a gap to close.
 */
public enum EvidenceState {
    PRESENT, ABSENT, UNKNOWN, STALE;

    public boolean known() {
        return this == PRESENT || this == ABSENT;
    }
}
