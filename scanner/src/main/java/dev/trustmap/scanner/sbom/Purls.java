package dev.trustmap.scanner.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Package URL normalisation. A package is identified by type, namespace and name; a package
 * version adds the version and the qualifiers that select a different artifact (the Maven
 * default {@code type=jar} is dropped, since it selects nothing). Subpaths are ignored.
 */
public final class Purls {
    private Purls() {
    }

    /**
     * A normalised purl.
     *
     * @param ecosystem   the purl type, lower case ({@code maven}, {@code npm}, …)
     * @param namespace   namespace or {@code null}
     * @param name        name
     * @param version     version or {@code null}
     * @param qualifiers  canonical qualifier string ({@code k=v&k2=v2}) or empty
     * @param packagePurl canonical purl without version and qualifiers: the package identity
     * @param versionPurl canonical purl with version and qualifiers: the package-version identity
     */
    public record Normalised(String ecosystem, String namespace, String name, String version,
                             String qualifiers, String packagePurl, String versionPurl) {
    }

    /** Parses and normalises a purl; throws with a message naming the input when it is not valid. */
    public static Normalised normalise(String raw) throws MalformedPackageURLException {
        if (raw == null || raw.isBlank()) {
            throw new MalformedPackageURLException("empty package URL");
        }
        if (raw.length() > 2048) {
            throw new MalformedPackageURLException("package URL longer than 2048 characters");
        }
        PackageURL parsed = new PackageURL(raw.trim());
        Map<String, String> qualifiers = new TreeMap<>();
        if (parsed.getQualifiers() != null) {
            qualifiers.putAll(parsed.getQualifiers());
        }
        if ("maven".equals(parsed.getType()) && "jar".equals(qualifiers.get("type"))) {
            qualifiers.remove("type");
        }
        PackageURL pkg = builder(parsed).build();
        PackageURLBuilder versionBuilder = builder(parsed).withVersion(parsed.getVersion());
        qualifiers.forEach(versionBuilder::withQualifier);
        PackageURL version = versionBuilder.build();
        String qualifierString = version.canonicalize();
        int q = qualifierString.indexOf('?');
        qualifierString = q < 0 ? "" : qualifierString.substring(q + 1);
        return new Normalised(parsed.getType(), parsed.getNamespace(), parsed.getName(), parsed.getVersion(),
                qualifierString, pkg.canonicalize(), version.canonicalize());
    }

    private static PackageURLBuilder builder(PackageURL parsed) {
        return PackageURLBuilder.aPackageURL()
                .withType(parsed.getType())
                .withNamespace(parsed.getNamespace())
                .withName(parsed.getName());
    }
}
