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
 * database before they are done. A portal whose database is unreachable at start is opened for
 * what needs no database (health, metrics, incident lookups and capabilities from the saved graph,
 * the OpenAPI document)
 * until it has connected and migrated.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class StartupGate implements ContainerRequestFilter {
    private volatile boolean open;
    private volatile boolean outage;

    public void open() {
        open = true;
    }

    /** Whether every request is let in. */
    public boolean isOpen() {
        return open;
    }

    /** Lets in what needs no database. */
    public void openForOutage() {
        outage = true;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (open) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (path.equals("health/live")) {
            return;
        }
        if (!outage) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Trustmap is starting", List.of(), Map.of("Retry-After", "1"));
        }
        if (!withoutDatabase(path, request.getMethod())) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Trustmap has not reached its database since it started;"
                    + " only incident lookups (from the saved snapshot), health, metrics and the API description answer until it does",
                    List.of(),
                    Map.of("Retry-After", "5"));
        }
    }

    private static boolean withoutDatabase(String path, String method) {
        return path.startsWith("health/") || path.equals("metrics")
                || (("GET".equals(method) || "HEAD".equals(method))
                    && (path.startsWith("api/v1/incident/") || path.equals("api/v1/capabilities")
                        || path.equals("api/v1/openapi.json")));
    }
}
