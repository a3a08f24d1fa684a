package dev.trustmap.database.evidence;

/** How many package versions in current use have a grade ({@code pending}: no evidence yet). */
public record GradeCount(String grade, long versions) {
}
