package dev.trustmap.policy.cel;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What one request may spend on policy evaluation, across every component and policy it
 * evaluates: a number of evaluations, a wall-clock time, and a cancellation (the client left).
 * Each single evaluation is bounded by the engine's own limits, so checking between evaluations
 * bounds the whole request. Not thread-safe: one budget per request.
 */
public final class EvaluationBudget {
    private static final EvaluationBudget UNLIMITED = new EvaluationBudget(Duration.ofDays(36_500), Long.MAX_VALUE, () -> false, "", "");

    private final Duration wallTime;
    private final long deadlineNanos;
    private final long maxEvaluations;
    private final BooleanSupplier cancelled;
    private final String wallTimeName;
    private final String evaluationsName;
    private final long started = System.nanoTime();
    private long spent;

    private EvaluationBudget(Duration wallTime, long maxEvaluations, BooleanSupplier cancelled, String wallTimeName,
                             String evaluationsName) {
        this.wallTime = wallTime;
        this.deadlineNanos = started + Math.min(wallTime.toNanos(), Long.MAX_VALUE / 4);
        this.maxEvaluations = maxEvaluations;
        this.cancelled = cancelled;
        this.wallTimeName = wallTimeName;
        this.evaluationsName = evaluationsName;
    }

    public static EvaluationBudget unlimited() {
        return UNLIMITED;
    }

    /**
     * @param wallTimeName    how to name the time limit to the user (its configuration key)
     * @param evaluationsName how to name the evaluation limit to the user
     */
    public static EvaluationBudget of(Duration wallTime, long maxEvaluations, BooleanSupplier cancelled, String wallTimeName,
                                      String evaluationsName) {
        return new EvaluationBudget(wallTime, maxEvaluations, cancelled, wallTimeName, evaluationsName);
    }

    /** Counts {@code evaluations} more; throws when a limit is passed or the request was cancelled. */
    public void spend(long evaluations) {
        if (this == UNLIMITED) {
            return;
        }
        spent += evaluations;
        if (spent > maxEvaluations) {
            throw new EvaluationBudgetException(EvaluationBudgetException.Kind.EVALUATIONS, "the request needed more than "
                    + maxEvaluations + " policy evaluations (" + evaluationsName + ")", spent, elapsed());
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new EvaluationBudgetException(EvaluationBudgetException.Kind.TIME, "the request needed more than "
                    + wallTime.toSeconds() + " s of policy evaluation (" + wallTimeName + ")", spent, elapsed());
        }
        if (cancelled.getAsBoolean()) {
            throw new EvaluationBudgetException(EvaluationBudgetException.Kind.CANCELLED, "the request was cancelled", spent, elapsed());
        }
    }

    public long spent() {
        return spent;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
