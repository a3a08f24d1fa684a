package dev.trustmap.api.sbom.model;

/** One component of a snapshot. */
public record ComponentResponse(String purl, String packagePurl, String ecosystem, String version,
                                String relationship, String scope) {
}
