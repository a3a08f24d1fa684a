package dev.trustmap.api.pkg.model;

import dev.trustmap.api.evidence.model.TrustView;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One known version of a package, the services whose current snapshot uses it, and its evidence
 * and scores ({@code trust.status} {@code pending} until collected).
 */
public record PackageVersionView(String version, String purl, String qualifiers, Map<String, String> hashes,
                                 List<String> licenses, String supplier, OffsetDateTime firstSeen,
                                 List<String> usedBy, TrustView trust) {
}
