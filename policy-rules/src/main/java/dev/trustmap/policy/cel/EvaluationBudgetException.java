package dev.trustmap.policy.cel;

import java.time.Duration;

/** A request's evaluation budget ran out (or the request was cancelled): the evaluation stopped, nothing is decided. */
public final class EvaluationBudgetException extends RuntimeException {
    /** Which limit ended it. */
    public enum Kind { TIME, EVALUATIONS, CANCELLED }

    private final Kind kind;
    private final long evaluations;
    private final Duration elapsed;

    public EvaluationBudgetException(Kind kind, String message, long evaluations, Duration elapsed) {
        super(message, null, false, false);
        this.kind = kind;
        this.evaluations = evaluations;
        this.elapsed = elapsed;
    }

    public Kind kind() {
        return kind;
    }

    public long evaluations() {
        return evaluations;
    }

    public Duration elapsed() {
        return elapsed;
    }
}
