package dev.trustmap.scanner.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Package URL normalisation. A package is identified by type, namespace and name; a package
 * version adds the version and the qualifiers that select a different artifact (the Maven
 * default {@code type=jar} is dropped, since it selects nothing). Subpaths are ignored.
 *
 * <p>Text is kept faithful: percent-escapes must be well formed and decode to strict UTF-8
 * (no overlong forms, no surrogates), control characters (U+0000–U+001F, U+007F–U+009F) are
 * refused, and the canonical form percent-encodes every byte outside {@code A-Z a-z 0-9 - . _ ~}
 * as {@code %XX} (two upper-case hex digits). A canonical purl normalises to itself, so what is
 * stored can always be looked up again. (packageurl-java parses the purl; its own encoder and
 * decoder mangle bytes below 0x10 and above 0x7F, so neither is used for text.)
 */
public final class Purls {
    private static final int MAX_LENGTH = 2048;

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

    /** Parses and normalises a purl; throws with a message naming the problem when it is not valid. */
    public static Normalised normalise(String raw) throws MalformedPackageURLException {
        Normalised purl = parse(raw);
        if (raw.trim().equals(purl.versionPurl())) {
            return purl; // already canonical (the usual case): it reads back as itself by definition
        }
        if (!parse(purl.versionPurl()).equals(purl)) {
            throw new MalformedPackageURLException("the package URL cannot be stored faithfully (its canonical form reads back differently)");
        }
        return purl;
    }

    private static Normalised parse(String raw) throws MalformedPackageURLException {
        if (raw == null || raw.isBlank()) {
            throw new MalformedPackageURLException("empty package URL");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new MalformedPackageURLException("package URL longer than " + MAX_LENGTH + " characters");
        }
        String trimmed = raw.trim();
        checkCharacters(trimmed);
        String text = decodeNonAscii(trimmed);
        checkCharacters(text.replace("%", "").length() == text.length() ? text : asciiDecoded(text));
        PackageURL parsed;
        try {
            parsed = new PackageURL(text);
        } catch (MalformedPackageURLException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedPackageURLException("not a valid package URL");
        }
        Map<String, String> qualifiers = new TreeMap<>();
        if (parsed.getQualifiers() != null) {
            parsed.getQualifiers().forEach((k, v) -> qualifiers.put(k.toLowerCase(Locale.ROOT), v));
        }
        if ("maven".equals(parsed.getType()) && "jar".equals(qualifiers.get("type"))) {
            qualifiers.remove("type");
        }
        for (String part : new String[] {parsed.getNamespace(), parsed.getName(), parsed.getVersion()}) {
            checkCharacters(part);
        }
        for (Map.Entry<String, String> q : qualifiers.entrySet()) {
            checkCharacters(q.getKey());
            checkCharacters(q.getValue());
        }
        StringBuilder pkg = new StringBuilder("pkg:").append(parsed.getType()).append('/');
        if (parsed.getNamespace() != null && !parsed.getNamespace().isEmpty()) {
            for (String segment : parsed.getNamespace().split("/")) {
                pkg.append(encode(segment)).append('/');
            }
        }
        pkg.append(encode(parsed.getName()));
        StringBuilder version = new StringBuilder(pkg);
        if (parsed.getVersion() != null) {
            version.append('@').append(encode(parsed.getVersion()));
        }
        StringBuilder qualifierString = new StringBuilder();
        qualifiers.forEach((k, v) -> qualifierString.append(qualifierString.isEmpty() ? "" : "&").append(k).append('=').append(encode(v)));
        if (!qualifierString.isEmpty()) {
            version.append('?').append(qualifierString);
        }
        return new Normalised(parsed.getType(), parsed.getNamespace(), parsed.getName(), parsed.getVersion(),
                qualifierString.toString(), pkg.toString(), version.toString());
    }

    /**
     * Checks every percent-escape and replaces runs of escapes of non-ASCII bytes by the characters
     * they encode (strict UTF-8), so that the parser only ever decodes ASCII escapes.
     */
    private static String decodeNonAscii(String raw) throws MalformedPackageURLException {
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int runStart = -1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new MalformedPackageURLException("malformed percent-escape at character " + (i + 1)
                            + " (a % must be followed by two hex digits)");
                }
                int b = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
                if (b >= 0x80) {
                    if (runStart < 0) {
                        runStart = i;
                    }
                    run.write(b);
                    i += 2;
                    continue;
                }
                flush(out, run, runStart);
                runStart = -1;
                out.append(raw, i, i + 3);
                i += 2;
            } else {
                flush(out, run, runStart);
                runStart = -1;
                out.append(c);
            }
        }
        flush(out, run, runStart);
        return out.toString();
    }

    /** The text with its (ASCII) percent-escapes decoded, for the character check. */
    private static String asciiDecoded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.append((char) (Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16)));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, int at) throws MalformedPackageURLException {
        if (run.size() == 0) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(run.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new MalformedPackageURLException("the percent-escapes at character " + (at + 1) + " are not valid UTF-8");
        }
        run.reset();
    }

    /** Control characters and unpaired surrogates have no place in an identifier. */
    private static void checkCharacters(String text) throws MalformedPackageURLException {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                throw new MalformedPackageURLException(String.format(Locale.ROOT,
                        "control character U+%04X in the package URL (refused: it could not be shown or looked up faithfully)", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedPackageURLException(String.format(Locale.ROOT,
                        "unpaired surrogate U+%04X in the package URL (not Unicode text)", (int) c));
            }
        }
    }

    /** Percent-encodes every UTF-8 byte outside the unreserved set as {@code %XX}. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
