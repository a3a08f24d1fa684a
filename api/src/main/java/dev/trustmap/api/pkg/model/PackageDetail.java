package dev.trustmap.api.pkg.model;

import java.util.List;

/** A package with every known version (newest first, in the ecosystem's own ordering). */
public record PackageDetail(String purl, String ecosystem, String namespace, String name,
                            List<PackageVersionView> versions) {
}
