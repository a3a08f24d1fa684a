package dev.trustmap.api.sbom.model;

import java.util.List;
import java.util.UUID;

/**
 * What a completed ingestion stored, and how the snapshot differs from the service's previous one.
 * Purl lists are capped at {@link #LIST_LIMIT} entries; the counts are always complete.
 */
public record IngestionResult(
        UUID snapshotId,
        UUID previousSnapshotId,
        boolean unchanged,
        String specVersion,
        String format,
        int components,
        int direct,
        int transitive,
        int unknownRelationship,
        int edges,
        int skippedWithoutPurl,
        int packagesAdded,
        int packagesRemoved,
        int versionsChanged,
        List<String> added,
        List<String> removed,
        List<VersionChange> changed,
        boolean listsTruncated,
        long processingMillis) {

    public static final int LIST_LIMIT = 1_000;

    /** A package whose versions differ between the two snapshots. */
    public record VersionChange(String purl, List<String> from, List<String> to) {
    }
}
