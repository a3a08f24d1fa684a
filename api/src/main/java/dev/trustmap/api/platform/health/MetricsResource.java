package dev.trustmap.api.platform.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Prometheus metrics in the text exposition format. Unauthenticated, like health. */
@Path("/metrics")
public final class MetricsResource {
    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    /** @param beforeScrape brings gauges read elsewhere up to date (bounded: it never waits long for the database) */
    public MetricsResource(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    @GET
    @PermitAll
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        beforeScrape.run();
        return registry.scrape();
    }
}
