package dev.trustmap.api.platform.http;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit; larger bodies are a {@code 413}, nothing else is read. */
public final class BoundedBody {
    private BoundedBody() {
    }

    public static byte[] read(InputStream body, String contentLength, long maxBytes) {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            } catch (NumberFormatException ignored) {
                // the stream is bounded below anyway
            }
        }
        try {
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The request body could not be read completely");
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes");
    }
}
