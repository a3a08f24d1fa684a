package dev.trustmap.database.sbom;

import java.util.List;
import java.util.UUID;

/**
 * Everything one SBOM adds, ready for bulk writing. Package and version ids are derived from
 * canonical purls, so rows already present are skipped by the database, not looked up first.
 */
public record SbomRows(List<PackageRow> packages, List<VersionRow> versions, List<UsageRow> usages,
                       List<EdgeRow> edges) {

    /** A package (purl without version). */
    public record PackageRow(UUID id, String purl, String ecosystem, String namespace, String name) {
    }

    /** A package version; hashes and licences as JSON text. */
    public record VersionRow(UUID id, UUID packageId, String version, String qualifiers, String purl,
                             String hashesJson, String licensesJson, String supplier) {
    }

    /** The service uses this version. */
    public record UsageRow(UUID versionId, String relationship, String scope) {
    }

    /** from depends on to. */
    public record EdgeRow(UUID fromVersionId, UUID toVersionId) {
    }
}
