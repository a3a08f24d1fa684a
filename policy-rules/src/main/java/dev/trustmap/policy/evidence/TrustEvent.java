package dev.trustmap.policy.evidence;

import java.time.Instant;

/**
 * A dated change in a package's registry facts.
 *
 * @param kind        what changed
 * @param packagePurl the package
 * @param version     the release it concerns
 * @param occurredAt  when it happened, as the registry dates it (the release time); when the registry
 *                    gives no date, when it was first seen
 * @param detail      one human sentence ("published by alice; 1.2.2 was published by bob")
 * @param source      the registry document it was read from
 */
public record TrustEvent(TrustEventKind kind, String packagePurl, String version, Instant occurredAt, String detail,
                         String source) {

    /** Identity of the event: the same change seen twice (two inventory versions, two portal processes) is one event. */
    public String identity() {
        return kind.id() + "|" + packagePurl + "|" + version;
    }
}
