package dev.trustmap.api.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code 503} with {@code Retry-After} to every request but {@code /health/live} until the
 * portal is open: the HTTP server starts while migrations still run, and nothing may reach the
 * database before they are done.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class StartupGate implements ContainerRequestFilter {
    private volatile boolean open;

    public void open() {
        open = true;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!open && !request.getUriInfo().getPath().equals("health/live")) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Trustmap is starting", List.of(), Map.of("Retry-After", "1"));
        }
    }
}
