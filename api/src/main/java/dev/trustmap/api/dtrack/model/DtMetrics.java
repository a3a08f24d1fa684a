package dev.trustmap.api.dtrack.model;

/**
 * Dependency-Track's current project metrics, filled from what Trustmap knows: the components of
 * the snapshot and its policy findings by severity. Trustmap does not match vulnerabilities
 * (it scores provenance and maintainer health), so every vulnerability count is 0.
 * {@code firstOccurrence} and {@code lastOccurrence} are always set (the Maven plugin's metrics
 * goal dereferences them): the snapshot's upload and its latest evaluation.
 */
public record DtMetrics(
        int critical,
        int high,
        int medium,
        int low,
        int unassigned,
        int vulnerabilities,
        int vulnerableComponents,
        int components,
        int suppressed,
        int findingsTotal,
        int findingsAudited,
        int findingsUnaudited,
        double inheritedRiskScore,
        int policyViolationsFail,
        int policyViolationsWarn,
        int policyViolationsInfo,
        int policyViolationsTotal,
        int policyViolationsAudited,
        int policyViolationsUnaudited,
        int policyViolationsSecurityTotal,
        int policyViolationsLicenseTotal,
        int policyViolationsOperationalTotal,
        long firstOccurrence,
        long lastOccurrence) {
}
