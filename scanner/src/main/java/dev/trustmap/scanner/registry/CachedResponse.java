package dev.trustmap.scanner.registry;

import java.time.Instant;

/**
 * A registry answer kept for conditional requests and for serving stale evidence when the
 * registry is down. {@code status} 404 entries remember that something does not exist.
 *
 * @param url          the request URL
 * @param status       200 or 404
 * @param etag         the {@code ETag} validator, or null
 * @param lastModified the {@code Last-Modified} validator, or null
 * @param contentType  the answer's media type, or null
 * @param fetchedAt    when it was last fetched or revalidated
 * @param digest       SHA-256 of the body (hex), or null without body
 * @param body         the body (empty for 404)
 */
public record CachedResponse(String url, int status, String etag, String lastModified, String contentType,
                             Instant fetchedAt, String digest, byte[] body) {
}
