package dev.trustmap.scanner.evidence;

import java.time.Instant;

/**
 * One piece of evidence as stored and shown: what was looked at, what it said, where and when.
 *
 * @param signal    the evidence field ({@code sigstore}, {@code pgp-signature}, {@code maintainers}, …)
 * @param state     {@code present}, {@code absent}, {@code unknown} or {@code stale}
 * @param value     what it said, as text (null when unknown)
 * @param source    the URL it was read from
 * @param fetchedAt when that answer was fetched (or last confirmed)
 * @param digest    SHA-256 of the raw registry answer it was read from, or null
 */
public record EvidenceItem(String signal, String state, String value, String source, Instant fetchedAt, String digest) {
}
