package dev.trustmap.api.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;

/**
 * Every path segment and query parameter of a request must percent-decode to strict UTF-8
 * ({@link StrictText#decodeUrlPart}) before anything matches or reads it: JAX-RS would decode
 * {@code %C0%AF} or {@code %ED%A0%80} to replacement characters silently.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
public final class StrictUrls implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path != null) {
            for (String segment : path.split("/")) {
                StrictText.decodeUrlPart(segment, false, "path");
            }
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = StrictText.decodeUrlPart(eq < 0 ? pair : pair.substring(0, eq), true, "name");
                if (eq >= 0) {
                    StrictText.decodeUrlPart(pair.substring(eq + 1), true, name);
                }
            }
        }
    }
}
