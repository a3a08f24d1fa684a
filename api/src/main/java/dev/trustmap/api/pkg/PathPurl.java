package dev.trustmap.api.pkg;

import dev.trustmap.scanner.sbom.Purls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A purl given as a path (everything after {@code /api/v1/packages/}), as users write it: either
 * URL-encoded (decoded once: {@code pkg%3Anpm%2F%2540angular%2Fcore}, or {@code encodeURIComponent}
 * of the canonical purl) or as the purl is written, with its own escapes
 * ({@code pkg:npm/%40angular/core}, perhaps with {@code :} and {@code /} encoded:
 * {@code pkg%3Anpm%2F%40angular%2Fcore}). The once-decoded form is taken when it is a valid purl;
 * otherwise the form as written, with only {@code %3A} and {@code %2F} decoded (a decoded
 * {@code %40} would be read as the version separator, which is why {@code pkg:npm/%40angular/core}
 * is not a valid purl once decoded).
 */
final class PathPurl {
    private static final Pattern STRUCTURE = Pattern.compile("%3[Aa]|%2[Ff]");

    private PathPurl() {
    }

    /** @param encoded the path parameter as received (not decoded) */
    static String of(String encoded) {
        String decoded;
        try {
            decoded = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded != null && valid(decoded)) {
            return decoded;
        }
        String written = STRUCTURE.matcher(encoded).replaceAll(m -> m.group().equalsIgnoreCase("%3A") ? ":" : "/");
        return valid(written) || decoded == null ? written : decoded;
    }

    private static boolean valid(String purl) {
        try {
            Purls.normalise(purl);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
