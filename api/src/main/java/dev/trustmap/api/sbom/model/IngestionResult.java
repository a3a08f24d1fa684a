package dev.trustmap.api.sbom.model;

import dev.trustmap.api.policy.model.EvaluationSummary;
import java.util.List;
import java.util.UUID;

/**
 * What a completed ingestion stored, and how the snapshot differs from the service's previous one.
 * {@code policy} summarises the evaluation of the enabled policies on the snapshot, stored in the
 * same transaction. Purl lists are capped at {@link #LIST_LIMIT} entries; the counts are always complete.
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
        long processingMillis,
        EvaluationSummary policy) {

    public static final int LIST_LIMIT = 1_000;

    public IngestionResult withPolicy(EvaluationSummary summary, long totalMillis) {
        return new IngestionResult(snapshotId, previousSnapshotId, unchanged, specVersion, format, components, direct, transitive,
                unknownRelationship, edges, skippedWithoutPurl, packagesAdded, packagesRemoved, versionsChanged, added, removed,
                changed, listsTruncated, totalMillis, summary);
    }

    /** A package whose versions differ between the two snapshots. */
    public record VersionChange(String purl, List<String> from, List<String> to) {
    }
}
