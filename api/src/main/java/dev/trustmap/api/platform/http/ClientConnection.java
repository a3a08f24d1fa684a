package dev.trustmap.api.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.BooleanSupplier;

/**
 * Whether the client that sent a request has gone away (closed its connection, or the exchange
 * failed). The HTTP server puts a {@link BooleanSupplier} under {@link #PROPERTY} on every request;
 * long work done for a request (policy evaluation) checks it and stops when nobody waits for the
 * answer any more.
 */
public final class ClientConnection {
    public static final String PROPERTY = "trustmap.clientGone";
    private static final BooleanSupplier NEVER = () -> false;

    private ClientConnection() {
    }

    public static BooleanSupplier gone(ContainerRequestContext request) {
        return request != null && request.getProperty(PROPERTY) instanceof BooleanSupplier gone ? gone : NEVER;
    }
}
