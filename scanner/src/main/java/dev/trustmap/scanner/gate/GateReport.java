package dev.trustmap.scanner.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A gate decision as the CLI reports it, whether it came from the portal or was evaluated offline.
 *
 * @param decision pass, warn or fail
 * @param mode     {@code portal}, {@code offline} (evaluated locally on the saved bundle) or
 *                 {@code unreachable} (the portal could not be asked and {@code --when-unreachable pass} was chosen)
 * @param notes    what the reader must know about how the decision was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateReport(String decision, String service, String mode, List<String> notes, String snapshotUrl, Summary summary,
                         List<Violation> violations, List<Pending> pending) {
    public GateReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
        violations = violations == null ? List.of() : List.copyOf(violations);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    public GateReport withMode(String newMode, List<String> moreNotes) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(moreNotes);
        return new GateReport(decision, service, newMode, all, snapshotUrl, summary, violations, pending);
    }

    /** Counts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(int policies, int components, int dependencies, long evaluations, long violations, long errors, int pending) {
    }

    /** One violation (or evaluation error: never a pass). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Violation(String policy, int policyVersion, String severity, String outcome, String subjectKind, String subject,
                            String message, Explanation explanation) {
    }

    /** Why. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Explanation(String description, String expression, java.util.Map<String, Object> basis) {
    }

    /** A component whose evidence is still being collected. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pending(String component, List<String> policies) {
    }
}
