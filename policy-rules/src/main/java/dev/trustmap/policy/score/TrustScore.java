package dev.trustmap.policy.score;

import java.util.List;

/**
 * A package version's trust score.
 *
 * @param provenance      0–100
 * @param maintainerHealth 0–100
 * @param grade           A, B, C, D or F
 * @param explanations    every signal's contribution, in model order
 * @param gaps            evidence that is unknown or stale (each one a reason the score is lower than it could be)
 * @param modelVersion    the scoring model that produced it
 */
public record TrustScore(int provenance, int maintainerHealth, String grade, List<Explanation> explanations,
                         List<String> gaps, String modelVersion) {
}
