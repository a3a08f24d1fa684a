package dev.trustmap.scanner.topology;

/**
 * A design gap in an otherwise valid topology (returned as a warning by the portal, exit 1 in CI).
 *
 * @param rule a stable id, e.g. {@code sync-critical-without-degraded-behavior}
 */
public record LintFinding(String file, int line, int column, String service, String dependency, String rule,
                          String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + service + " → " + dependency + ": " + message + " [" + rule + "]";
    }
}
