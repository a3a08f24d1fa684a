package dev.trustmap.api.pkg.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One known version of a package and the services whose current snapshot uses it. */
public record PackageVersionView(String version, String purl, String qualifiers, Map<String, String> hashes,
                                 List<String> licenses, String supplier, OffsetDateTime firstSeen,
                                 List<String> usedBy) {
}
