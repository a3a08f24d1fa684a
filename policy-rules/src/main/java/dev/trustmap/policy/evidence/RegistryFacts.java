package dev.trustmap.policy.evidence;

import java.util.List;
import java.util.Optional;

/**
 * The registry's facts about a package as seen from one of its versions in the inventory: the
 * releases the registry lists (oldest first) with what it says about each. Two of these, from
 * successive collections, are what {@link TrustEventRules} compares.
 *
 * @param packagePurl the package (purl without version)
 * @param version     the inventory version these facts were collected for
 * @param source      the registry document's URL
 * @param releases    oldest first; for registries that need one request per release (Maven), only the
 *                    inventory version, its predecessor and the releases after it carry details
 */
public record RegistryFacts(String packagePurl, String version, String source, List<ReleaseFact> releases) {

    public RegistryFacts {
        releases = List.copyOf(releases);
    }

    public Optional<ReleaseFact> release(String v) {
        return releases.stream().filter(r -> r.version().equals(v)).findFirst();
    }

    /** The release listed just before {@code v}, if any. */
    public Optional<ReleaseFact> predecessor(String v) {
        for (int i = 1; i < releases.size(); i++) {
            if (releases.get(i).version().equals(v)) {
                return Optional.of(releases.get(i - 1));
            }
        }
        return Optional.empty();
    }
}
