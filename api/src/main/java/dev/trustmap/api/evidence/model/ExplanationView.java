package dev.trustmap.api.evidence.model;

/** One line of a score's explanation. */
public record ExplanationView(String dimension, String signal, int points, String text, String source) {
}
