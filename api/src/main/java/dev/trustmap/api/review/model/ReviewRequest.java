package dev.trustmap.api.review.model;

/**
 * A request for review of a package ({@code purl} without version), optionally only the versions in
 * [{@code atLeast}, {@code below}).
 */
public record ReviewRequest(String purl, String atLeast, String below, String reason) {
}
