package dev.trustmap.policy.cel;

/**
 * The result of evaluating one policy on one subject.
 *
 * @param kind    what happened
 * @param message the rendered violation message, or what went wrong for an error, or why it is pending
 */
public record PolicyOutcome(Kind kind, String message) {
    public enum Kind {
        /** The expression was false: no violation. */
        PASS,
        /** The expression was true. */
        VIOLATION,
        /** The expression could not be evaluated (runtime error, cost limit, not a boolean): never a pass. */
        ERROR,
        /** The policy reads evidence that is still being collected. */
        PENDING,
        /** The policy's scope does not include this subject. */
        NOT_APPLICABLE
    }

    public static final PolicyOutcome PASS = new PolicyOutcome(Kind.PASS, "");
    public static final PolicyOutcome NOT_APPLICABLE = new PolicyOutcome(Kind.NOT_APPLICABLE, "");
}
