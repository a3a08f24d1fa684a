package dev.trustmap.policy.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Derives trust events from two successive collections of a package's registry facts. Pure.
 *
 * <p>The releases looked at are those the previous collection did not list (all new releases);
 * on the first collection (no previous facts) they are the inventory version and the releases
 * published in the {@code baseline} window before {@code now}, so that a first look still tells
 * an incident what changed recently without replaying a package's whole history. Each release
 * looked at is compared with the release listed before it: publisher, signature/attestation,
 * install scripts and licence. A release marked deprecated that was not before is an event too, and
 * so is a signature or provenance attestation of the inventory version that does not verify (its
 * identity makes the same failure one event however often it is collected).
 */
public final class TrustEventRules {

    private TrustEventRules() {
    }

    public static List<TrustEvent> derive(RegistryFacts previous, RegistryFacts current, Instant now, Duration baseline) {
        Objects.requireNonNull(current, "current");
        Set<String> looked = new LinkedHashSet<>();
        for (ReleaseFact release : current.releases()) {
            boolean isNew = previous == null
                    ? release.version().equals(current.version())
                      || (release.publishedAt() != null && !release.publishedAt().isBefore(now.minus(baseline)))
                    : previous.release(release.version()).isEmpty();
            if (isNew) {
                looked.add(release.version());
            }
        }
        List<TrustEvent> events = new ArrayList<>();
        String purl = current.packagePurl();
        String source = current.source();
        for (String version : looked) {
            ReleaseFact release = current.release(version).orElseThrow();
            Instant when = release.publishedAt() != null ? release.publishedAt() : now;
            boolean reallyNew = previous != null || (release.publishedAt() != null && !release.publishedAt().isBefore(now.minus(baseline)));
            if (reallyNew) {
                events.add(new TrustEvent(TrustEventKind.NEW_VERSION, purl, version, when,
                        "version " + version + " published" + (release.publisher() != null ? " by " + release.publisher() : ""), source));
            }
            ReleaseFact before = current.predecessor(version).orElse(null);
            if (before == null) {
                continue;
            }
            if (release.publisher() != null && before.publisher() != null && !release.publisher().equals(before.publisher())) {
                events.add(new TrustEvent(TrustEventKind.PUBLISHER_CHANGED, purl, version, when,
                        version + " published by " + release.publisher() + "; " + before.version() + " was published by "
                                + before.publisher(), source));
            }
            if (Boolean.TRUE.equals(before.signed()) && Boolean.FALSE.equals(release.signed())) {
                events.add(new TrustEvent(TrustEventKind.PROVENANCE_REGRESSION, purl, version, when,
                        before.version() + " was signed / attested, " + version + " is not", source));
            }
            if (Boolean.TRUE.equals(release.installScripts()) && Boolean.FALSE.equals(before.installScripts())) {
                events.add(new TrustEvent(TrustEventKind.INSTALL_SCRIPT_ADDED, purl, version, when,
                        version + " runs install scripts, " + before.version() + " did not", source));
            }
            if (release.license() != null && before.license() != null && !release.license().equals(before.license())) {
                events.add(new TrustEvent(TrustEventKind.LICENSE_CHANGED, purl, version, when,
                        "licence changed from " + before.license() + " to " + release.license(), source));
            }
        }
        current.release(current.version()).filter(r -> r.provenanceProblem() != null).ifPresent(r ->
                events.add(new TrustEvent(TrustEventKind.PROVENANCE_INVALID, purl, r.version(), now, r.provenanceProblem(), source)));
        for (ReleaseFact release : current.releases()) {
            if (!Boolean.TRUE.equals(release.deprecated())) {
                continue;
            }
            boolean wasDeprecated = previous != null && previous.release(release.version())
                    .map(r -> Boolean.TRUE.equals(r.deprecated())).orElse(false);
            boolean relevant = previous != null ? previous.release(release.version()).isPresent() || looked.contains(release.version())
                    : release.version().equals(current.version());
            if (!wasDeprecated && relevant) {
                events.add(new TrustEvent(TrustEventKind.DEPRECATED, purl, release.version(), now,
                        release.version() + " is marked deprecated", source));
            }
        }
        return List.copyOf(events);
    }
}
