package dev.trustmap.scanner.version;

import java.util.Comparator;
import java.util.Locale;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.semver4j.Semver;

/**
 * Version ordering per ecosystem: Maven's own {@link ComparableVersion} rules for {@code maven}
 * (so {@code 2.17.1} &gt; {@code 2.17.0} &gt; {@code 2.17.0-rc1}), Semantic Versioning 2.0 precedence
 * for {@code npm} (pre-releases sort before their release; build metadata is ignored), and Maven's
 * rules as the general fallback for other ecosystems and for npm versions that are not valid semver.
 */
public final class VersionOrdering {
    private VersionOrdering() {
    }

    public static Comparator<String> forEcosystem(String ecosystem) {
        String type = ecosystem == null ? "" : ecosystem.toLowerCase(Locale.ROOT);
        if (type.equals("npm")) {
            return VersionOrdering::compareSemver;
        }
        return VersionOrdering::compareMaven;
    }

    public static int compareMaven(String left, String right) {
        return new ComparableVersion(left).compareTo(new ComparableVersion(right));
    }

    public static int compareSemver(String left, String right) {
        Semver a = Semver.parse(stripV(left));
        Semver b = Semver.parse(stripV(right));
        if (a == null || b == null) {
            return compareMaven(left, right);
        }
        return a.compareTo(b);
    }

    private static String stripV(String version) {
        return version.startsWith("v") || version.startsWith("=") ? version.substring(1) : version;
    }
}
