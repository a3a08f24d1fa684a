package dev.trustmap.database.evidence;

/** A package version in current use with its score (portfolio listings). */
public record ScoredVersion(String purl, String grade, int provenance, int health, int gapCount, int services) {
}
