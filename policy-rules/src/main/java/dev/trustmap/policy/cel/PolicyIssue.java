package dev.trustmap.policy.cel;

/**
 * One problem found when compiling a policy.
 *
 * @param field   {@code expression} or {@code message}
 * @param line    1-based line in that field, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param message what is wrong
 */
public record PolicyIssue(String field, int line, int column, String message) {
    @Override
    public String toString() {
        return field + (line > 0 ? ":" + line + ":" + column : "") + ": " + message;
    }
}
