package dev.trustmap.policy.score;

/**
 * One line of a score's explanation: "+45 Sigstore bundle verified for identity X".
 *
 * @param dimension {@code provenance} or {@code maintainer-health}
 * @param signal    the evidence field
 * @param points    what it added (negative: took away); 0 for gaps
 * @param text      the sentence shown to people
 * @param source    the evidence's source URL, or null
 */
public record Explanation(String dimension, String signal, int points, String text, String source) {
    @Override
    public String toString() {
        return (points >= 0 ? "+" : "") + points + " " + text;
    }
}
