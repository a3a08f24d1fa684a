package dev.trustmap.api.platform.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A larger body is a {@code 413}; the rest of it is read and
 * discarded first (up to {@link #DRAIN_FACTOR} times the limit), because answering while the
 * client is still sending makes the connection close under it and the client never sees the
 * answer. Bodies declared larger than that are refused at once.
 */
public final class BoundedBody {
    static final int DRAIN_FACTOR = 4;

    private BoundedBody() {
    }

    public static byte[] read(InputStream body, String contentLength, long maxBytes) {
        return read(body, contentLength, maxBytes, null);
    }

    /** {@code limitName} names the setting behind the limit in the error, if there is one. */
    public static byte[] read(InputStream body, String contentLength, long maxBytes, String limitName) {
        long declared = -1;
        if (contentLength != null) {
            try {
                declared = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException ignored) {
                // the stream is bounded below anyway
            }
        }
        if (declared > maxBytes * DRAIN_FACTOR) {
            throw tooLarge(maxBytes, limitName);
        }
        try {
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                long drained = bytes.length;
                byte[] sink = new byte[64 * 1024];
                int n;
                while (drained < maxBytes * DRAIN_FACTOR && (n = body.read(sink)) > 0) {
                    drained += n;
                }
                throw tooLarge(maxBytes, limitName);
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The request body could not be read completely");
        }
    }

    private static ProblemException tooLarge(long maxBytes, String limitName) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than the limit of " + maxBytes
                + " bytes" + (limitName == null ? "" : " (" + limitName + ")"));
    }
}
