package dev.trustmap.api.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id ({@code X-Request-Id}: the caller's if it is sane, otherwise a new
 * one), puts it in the logging MDC and echoes it in the response and in problem bodies.
 */
@PreMatching
@Priority(1)
public final class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String PROPERTY = "trustmap.requestId";
    /** MDC keys. */
    public static final String REQUEST_ID = "requestId";
    public static final String PATH = "path";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    public void filter(ContainerRequestContext request) {
        String id = request.getHeaderString(HEADER);
        if (id == null || !SANE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        request.setProperty(PROPERTY, id);
        MDC.put(REQUEST_ID, id);
        MDC.put(PATH, "/" + request.getUriInfo().getPath());
        MDC.put("route", request.getMethod() + " /" + request.getUriInfo().getPath());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Cache-Control", "no-store");
        MDC.remove(REQUEST_ID);
        MDC.remove(PATH);
        MDC.remove("route");
    }
}
