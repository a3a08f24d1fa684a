package dev.trustmap.scanner.sbom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as the document really says it: UTF-8 decoded strictly (overlong forms, encoded
 * surrogates and truncated sequences are errors, never silently replaced or reinterpreted) and
 * strings without unpaired surrogates (which a JSON {@code \ud800} escape can produce).
 */
final class StrictText {
    private StrictText() {
    }

    /** A strict UTF-8 reader over {@code in}; a leading byte order mark is skipped. */
    static Reader utf8(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
        reader.mark(1);
        int first = reader.read();
        if (first != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** The position of the first unpaired surrogate, or -1. */
    static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static final String INVALID_UTF8 = "The document is not valid UTF-8 (a malformed or overlong byte sequence, or an encoded surrogate)";
}
