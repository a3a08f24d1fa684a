package dev.trustmap.database.evidence;

import java.util.UUID;

/**
 * A claimed evidence collection: the package version and what the SBOMs said of it.
 *
 * @param versionId   the package version
 * @param packageId   its package
 * @param versionPurl its canonical purl
 * @param hashes      the SBOM hashes as stored (JSON object text), or null
 * @param attempts    how many times it has been tried, this one included
 */
public record EvidenceTask(UUID versionId, UUID packageId, String versionPurl, String hashes, int attempts) {
}
