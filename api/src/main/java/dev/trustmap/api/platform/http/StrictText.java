package dev.trustmap.api.platform.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one check that text reaching the API is Unicode text: request bodies and URL parts must be
 * strict UTF-8 (no overlong forms such as {@code C0 AF} for {@code /}, no encoded surrogates such
 * as {@code ED A0 80}, nothing above U+10FFFF, no truncated sequences) and decoded strings must
 * hold no unpaired surrogate (a JSON {@code "\ud800"} alone). Jackson's UTF-8 parser accepts
 * overlong forms and the JDK's URL decoders replace bad bytes silently, so neither is trusted.
 */
public final class StrictText {
    private StrictText() {
    }

    /** Throws a {@code 400} naming {@code field} unless {@code bytes} are strict UTF-8. */
    public static void checkUtf8(byte[] bytes, String field) {
        int bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            String message = String.format(Locale.ROOT, "not valid UTF-8: byte 0x%02X at offset %d%s is not part of a well-formed"
                    + " sequence (overlong forms, surrogates and truncated sequences are refused)", bytes[bad] & 0xFF, bad, lineColumn(bytes, bad));
            throw new ProblemException(ProblemType.INVALID_TEXT, "The " + field + " is " + message,
                    List.of(new ProblemException.FieldError(field, message)), Map.of());
        }
    }

    /** {@code bytes}, once {@link #checkUtf8} has passed. */
    public static byte[] utf8(byte[] bytes, String field) {
        checkUtf8(bytes, field);
        return bytes;
    }

    /** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
    public static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(Math.max(bytes.length, 16), 64 * 1024));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            result = decoder.flush(out);
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            return result.isError() ? in.position() : -1;
        }
    }

    /** What is wrong with a decoded string (an unpaired surrogate), or {@code null} when it is Unicode text. */
    public static String problemOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format(Locale.ROOT, "contains an unpaired surrogate \\u%04x at character %d, which is not Unicode text", (int) c, i + 1);
            }
        }
        return null;
    }

    /**
     * Percent-decodes one URL part ({@code +} stays a plus in paths, is a space in queries)
     * strictly: every {@code %} followed by two hex digits, the bytes strict UTF-8.
     */
    public static String decodeUrlPart(String raw, boolean query, String field) {
        if (raw.indexOf('%') < 0 && (!query || raw.indexOf('+') < 0)) {
            return raw;
        }
        String what = query ? "query parameter " + field : field;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    String message = "malformed percent-escape at character " + (i + 1) + " (a % must be followed by two hex digits)";
                    throw new ProblemException(ProblemType.INVALID_TEXT, "The " + what + " is not valid: " + message,
                            List.of(new ProblemException.FieldError(field, message)), Map.of());
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (query && c == '+') {
                bytes.write(' ');
            } else {
                byte[] literal = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(literal, 0, literal.length);
            }
        }
        byte[] decoded = bytes.toByteArray();
        int bad = firstInvalidUtf8(decoded);
        if (bad >= 0) {
            String message = String.format(Locale.ROOT, "not valid UTF-8 once percent-decoded: byte 0x%02X at byte %d is not part of a"
                    + " well-formed sequence (overlong forms, surrogates and truncated sequences are refused)", decoded[bad] & 0xFF, bad);
            throw new ProblemException(ProblemType.INVALID_TEXT, "The " + what + " is " + message,
                    List.of(new ProblemException.FieldError(field, message)), Map.of());
        }
        return new String(decoded, StandardCharsets.UTF_8);
    }

    private static String lineColumn(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return " (line " + line + ", column " + column + ")";
    }
}
