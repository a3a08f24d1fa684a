package dev.trustmap.api.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what is left of a request body before the answer is written. A resource that refuses a
 * request early (a missing parameter, an unknown service) never reads the body; Jetty then closes
 * the persistent connection after answering, while the client may still be sending, without
 * saying {@code Connection: close}: the client sees a broken pipe or reuses a dead connection
 * ("header parser received no bytes"). Up to {@code maxBytes} (a {@code 401}: up to
 * {@link JsonBodies#MAX_BYTES}) are read and dropped; a body larger than that is not read and the
 * answer says {@code Connection: close}.
 */
public final class RequestBodyDrain implements ContainerResponseFilter {
    private final long maxBytes;

    public RequestBodyDrain(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.getHeaderString("Transfer-Encoding") != null;
        if (!chunked && (length == null || length.trim().equals("0"))) {
            return;
        }
        InputStream body;
        try {
            body = request.getEntityStream();
        } catch (IllegalStateException closed) {
            return; // read and closed by the entity provider: nothing left
        }
        if (body == null) {
            return;
        }
        // an unauthenticated client gets no more than a JSON body's worth of reading
        long limit = response.getStatus() == 401 ? Math.min(maxBytes, JsonBodies.MAX_BYTES) : maxBytes;
        try {
            long declared = length == null ? -1 : Long.parseLong(length.trim());
            if (declared > limit) {
                close(response, body);
                return;
            }
        } catch (NumberFormatException e) {
            response.getHeaders().putSingle("Connection", "close");
            return;
        }
        byte[] sink = new byte[16 * 1024];
        long drained = 0;
        try {
            int n;
            while ((n = body.read(sink)) >= 0) {
                drained += n;
                if (drained > limit) {
                    response.getHeaders().putSingle("Connection", "close");
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static void close(ContainerResponseContext response, InputStream body) {
        try {
            if (body != null && body.available() == 0 && body.read() < 0) {
                return; // already read to the end
            }
        } catch (IOException | RuntimeException ignored) {
            // closing is the answer either way
        }
        response.getHeaders().putSingle("Connection", "close");
    }
}
