package dev.trustmap.scanner.sbom;

import com.github.packageurl.MalformedPackageURLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules both encodings share: one component's fields are gathered while it is read, then
 * checked (types, limits, purl) and turned into a {@link SbomComponent}; bom-refs must be unique
 * and the number of components is bounded.
 */
final class ComponentAssembly {
    private static final Set<String> SCOPES = Set.of("required", "optional", "excluded");

    private final SbomLimits limits;
    private final SbomHandler handler;
    private final Set<String> refs = new HashSet<>();
    private int withPurl;
    private int withoutPurl;

    ComponentAssembly(SbomLimits limits, SbomHandler handler) {
        this.limits = limits;
        this.handler = handler;
    }

    /** One component being read. */
    static final class Fields {
        final String where;
        String ref;
        String purl;
        String name;
        String scope;
        String supplier;
        final Map<String, String> hashes = new LinkedHashMap<>();
        final List<String> licenses = new ArrayList<>();

        Fields(String where) {
            this.where = where;
        }
    }

    void finish(Fields f) throws SbomException {
        if (withPurl + withoutPurl >= limits.maxComponents()) {
            throw new SbomException(SbomProblem.TOO_MANY_COMPONENTS, "The document has more than " + limits.maxComponents()
                    + " components, the most this portal accepts in one document");
        }
        if (f.ref != null) {
            if (f.ref.isEmpty()) {
                throw structure(f.where + ": bom-ref is empty");
            }
            if (!refs.add(f.ref)) {
                throw structure(f.where + ": bom-ref \"" + SbomReader.truncate(f.ref)
                        + "\" is used by another component; bom-refs must be unique within a document");
            }
        }
        if (f.purl == null || f.purl.isBlank()) {
            withoutPurl++;
            return;
        }
        Purls.Normalised purl;
        try {
            purl = Purls.normalise(f.purl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            throw new SbomException(SbomProblem.INVALID_PURL, "Component " + describe(f) + " has an invalid package URL \""
                    + SbomReader.truncate(f.purl) + "\": " + SbomReader.firstLine(e.getMessage()));
        }
        if (purl.version() == null || purl.version().isBlank()) {
            throw new SbomException(SbomProblem.INVALID_PURL, "Component " + describe(f)
                    + " has a package URL without a version: \"" + SbomReader.truncate(f.purl) + "\"");
        }
        limit(f, "the package URL (normalised)", purl.versionPurl(), SbomLimits.PURL);
        limit(f, "the purl type", purl.ecosystem(), SbomLimits.ECOSYSTEM);
        limit(f, "the purl namespace", purl.namespace(), SbomLimits.NAMESPACE);
        limit(f, "the purl name", purl.name(), SbomLimits.NAME);
        limit(f, "the purl version", purl.version(), SbomLimits.VERSION);
        limit(f, "the purl qualifiers", purl.qualifiers(), SbomLimits.QUALIFIERS);
        limit(f, "supplier.name", f.supplier, SbomLimits.SUPPLIER);
        if (f.scope != null && !SCOPES.contains(f.scope)) {
            throw structure(f.where + ": scope must be required, optional or excluded, found \"" + SbomReader.truncate(f.scope) + "\"");
        }
        withPurl++;
        handler.component(new SbomComponent(f.ref != null ? f.ref : f.purl, purl, f.scope,
                f.hashes.isEmpty() ? Map.of() : Map.copyOf(f.hashes), List.copyOf(f.licenses), f.supplier));
    }

    void hash(Fields f, String algorithm, String value) throws SbomException {
        if (algorithm == null || value == null) {
            return;
        }
        if (f.hashes.size() >= SbomLimits.HASHES_PER_COMPONENT) {
            throw structure(f.where + ": more than " + SbomLimits.HASHES_PER_COMPONENT + " hashes");
        }
        text(f.where + ": hash alg", algorithm, 64);
        text(f.where + ": hash content", value, SbomLimits.HASH);
        f.hashes.putIfAbsent(algorithm, value.toLowerCase(Locale.ROOT));
    }

    void license(Fields f, String license) throws SbomException {
        if (license == null) {
            return;
        }
        if (f.licenses.size() >= SbomLimits.LICENSES_PER_COMPONENT) {
            throw structure(f.where + ": more than " + SbomLimits.LICENSES_PER_COMPONENT + " licences");
        }
        text(f.where + ": licence", license, SbomLimits.LICENSE);
        f.licenses.add(license);
    }

    void dependency(String where, String ref, List<String> dependsOn) throws SbomException {
        if (ref == null) {
            throw structure(where + ": ref is missing");
        }
        handler.dependency(ref, dependsOn);
    }

    int withPurl() {
        return withPurl;
    }

    int withoutPurl() {
        return withoutPurl;
    }

    /** A string field as read: no unpaired surrogates, at most {@code max} characters. */
    static String text(String where, String value, int max) throws SbomException {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw structure(where + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
        if (StrictText.unpairedSurrogate(value) >= 0) {
            throw new SbomException(SbomProblem.INVALID_ENCODING, where + " contains an unpaired UTF-16 surrogate (\\ud800–\\udfff escape)");
        }
        return value;
    }

    private static void limit(Fields f, String field, String value, int max) throws SbomException {
        if (value != null && value.length() > max) {
            throw structure("Component " + describe(f) + " (" + f.where + "): " + field + " is " + value.length()
                    + " characters long; at most " + max + " are stored");
        }
    }

    private static String describe(Fields f) {
        String ref = f.ref != null ? f.ref : f.name;
        return "\"" + SbomReader.truncate(String.valueOf(ref)) + "\"";
    }

    static SbomException structure(String detail) {
        return new SbomException(SbomProblem.INVALID_STRUCTURE, "The document is not a valid CycloneDX BOM: " + detail);
    }
}
