package dev.trustmap.scanner.registry;

/**
 * What a client did: {@code requests} sent over the network (retries included), {@code cacheHits}
 * answered from a fresh cache entry without a request, {@code revalidated} answered {@code 304},
 * {@code failures} fetches that failed after their retries, {@code staleServed} of which a stale copy was returned.
 */
public record RegistryStats(long fetches, long requests, long cacheHits, long revalidated, long failures, long staleServed) {

    /** Share of fetches answered without downloading a body. */
    public double hitRate() {
        return fetches == 0 ? 0 : (double) (cacheHits + revalidated) / fetches;
    }
}
