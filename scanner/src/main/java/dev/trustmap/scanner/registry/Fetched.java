package dev.trustmap.scanner.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The outcome of one registry fetch, after caching and retries.
 *
 * @param url       what was asked for
 * @param outcome   {@code FOUND}, {@code NOT_FOUND} or {@code FAILED}
 * @param body      the body when found (possibly from the cache)
 * @param fetchedAt when the registry last confirmed this answer
 * @param digest    SHA-256 of the body (hex), or null
 * @param stale     the registry could not be reached (or answered garbage) and this is the last good copy
 * @param fromCache answered without a full download (fresh cache entry, or a {@code 304})
 * @param error        why it failed (safe to show), or null
 * @param lastModified the answer's {@code Last-Modified} (RFC 1123), or null when the registry sent none or an unreadable one
 */
public record Fetched(String url, Outcome outcome, byte[] body, String contentType, Instant fetchedAt, String digest,
                      boolean stale, boolean fromCache, String error, Instant lastModified) {

    /** What a fetch found. */
    public enum Outcome { FOUND, NOT_FOUND, FAILED }

    public boolean found() {
        return outcome == Outcome.FOUND;
    }

    public boolean notFound() {
        return outcome == Outcome.NOT_FOUND;
    }

    /** {@code Last-Modified} as an instant, or null (RFC 1123, as HTTP dates are written). */
    public static Instant httpDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
