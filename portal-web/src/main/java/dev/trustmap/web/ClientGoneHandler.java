package dev.trustmap.web;

import dev.trustmap.api.platform.http.ClientConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Tells the API when the client of a request has gone away, through
 * {@link ClientConnection#PROPERTY}; long work done for a request (policy evaluation) asks it
 * between steps and stops instead of computing an answer nobody will read.
 *
 * <p>Jetty reports a failed exchange or a closed connection, but an HTTP/1.1 connection whose
 * request has been read is not read again until the response is done, so a client that simply
 * closes its socket is not noticed on its own. The check therefore also reads the connection, at
 * most every quarter of a second, and only when asked (by work that has consumed its request body):
 * end of stream or a reset means the client is gone. Clients do not send a next request before
 * reading the answer; one that pipelines anyway has the first byte of its next request taken,
 * so this connection is closed after the response (RFC 9112 §9.3.2: such clients retry).
 */
final class ClientGoneHandler extends Handler.Wrapper {
    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    ClientGoneHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        Probe probe = new Probe(connection.getEndPoint(), response);
        request.setAttribute(ClientConnection.PROPERTY, (BooleanSupplier) probe::gone);
        request.addFailureListener(failure -> probe.gone = true);
        Connection.Listener closed = new Connection.Listener() {
            @Override
            public void onClosed(Connection c) {
                probe.gone = true;
            }
        };
        connection.addEventListener(closed);
        Request.addCompletionListener(request, failure -> {
            probe.done = true;
            connection.removeEventListener(closed);
        });
        return super.handle(request, response, callback);
    }

    /** One request's view of its connection. */
    private static final class Probe {
        private final EndPoint endPoint;
        private final Response response;
        volatile boolean gone;
        volatile boolean done;
        private volatile boolean readable = true;
        private volatile long next;

        Probe(EndPoint endPoint, Response response) {
            this.endPoint = endPoint;
            this.response = response;
        }

        boolean gone() {
            if (gone || done || !readable) {
                return gone;
            }
            long now = System.nanoTime();
            if (now - next < 0) {
                return false;
            }
            next = now + PROBE_NANOS;
            ByteBuffer one = BufferUtil.allocate(1);
            try {
                int read = endPoint.fill(one);
                if (read < 0) {
                    gone = true;
                } else if (read > 0) {
                    readable = false;
                }
            } catch (IOException | RuntimeException e) {
                gone = true; // reset by the peer, or closed under us
            }
            if (!readable) {
                // a pipelined request: stop reading, and close after this response
                try {
                    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                } catch (RuntimeException committed) {
                    // the response is already on its way; the next request is lost with the connection
                }
            }
            return gone;
        }
    }
}
