package dev.trustmap.api.audit;

import dev.trustmap.api.platform.http.RequestIds;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.Principal;

/**
 * Who does a write and in which request, as the audit chain records it: {@code name} is what every
 * "who" column records ({@code owner/name} of the token, {@link Principal#getName()}), {@code requestId}
 * the request's {@code X-Request-Id} (null for work no request started). Passed explicitly to the use
 * cases (never a thread-local), so a worker thread records the actor stored with its job.
 */
public record Actor(String name, String requestId) {
    /** The actor of background work that a person would ask about (the default policies installed at first start). */
    public static final Actor SYSTEM = new Actor("system", null);

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
    }

    /** The authenticated caller of the request and the request's id (resources call this). */
    public static Actor of(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        Object id = request.getProperty(RequestIds.PROPERTY);
        return new Actor(principal == null ? "anonymous" : principal.getName(), id == null ? null : id.toString());
    }
}
