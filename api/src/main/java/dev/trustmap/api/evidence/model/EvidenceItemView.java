package dev.trustmap.api.evidence.model;

import java.time.Instant;

/** One piece of evidence: what was looked at, what it said, where and when, and the digest of the raw answer. */
public record EvidenceItemView(String signal, String state, String value, String source, Instant fetchedAt, String digest) {
}
