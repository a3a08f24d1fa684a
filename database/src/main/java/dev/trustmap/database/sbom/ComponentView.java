package dev.trustmap.database.sbom;

/** One component of a snapshot, as listed by the read side. */
public record ComponentView(String purl, String packagePurl, String ecosystem, String version,
                            String relationship, String scope, String hashesJson, String licensesJson) {
}
