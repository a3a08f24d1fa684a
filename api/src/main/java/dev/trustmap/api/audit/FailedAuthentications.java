package dev.trustmap.api.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts requests refused for their credentials ({@code 401}: no token, or one that is unknown,
 * expired or revoked) as {@code trustmap_authentication_failures_total}. They are not audit
 * entries: a refused request writes nothing, and anyone could flood the chain with them. Sign-ins
 * (browser sessions, once they exist) will be.
 */
public final class FailedAuthentications implements ContainerResponseFilter {
    private final Counter failures;

    public FailedAuthentications(MeterRegistry metrics) {
        this.failures = Counter.builder("trustmap.authentication.failures")
                .description("Requests refused with 401 (missing, unknown, expired or revoked credentials)").register(metrics);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 401) {
            failures.increment();
        }
    }
}
