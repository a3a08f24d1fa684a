package dev.trustmap.scanner.registry;

import java.util.Optional;

/**
 * Where registry answers are kept between collections: the portal keeps them in its database,
 * the command line in memory (or a folder). Implementations must be thread-safe.
 */
public interface HttpCache {
    Optional<CachedResponse> get(String url);

    void put(CachedResponse response);

    /** A cache that keeps nothing. */
    static HttpCache none() {
        return new HttpCache() {
            @Override
            public Optional<CachedResponse> get(String url) {
                return Optional.empty();
            }

            @Override
            public void put(CachedResponse response) {
            }
        };
    }
}
