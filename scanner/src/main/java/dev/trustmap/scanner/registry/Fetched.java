package dev.trustmap.scanner.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
 * @param error     why it failed (safe to show), or null
 */
public record Fetched(String url, Outcome outcome, byte[] body, String contentType, Instant fetchedAt, String digest,
                      boolean stale, boolean fromCache, String error) {

    /** What a fetch found. */
    public enum Outcome { FOUND, NOT_FOUND, FAILED }

    public boolean found() {
        return outcome == Outcome.FOUND;
    }

    public boolean notFound() {
        return outcome == Outcome.NOT_FOUND;
    }

    public String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
