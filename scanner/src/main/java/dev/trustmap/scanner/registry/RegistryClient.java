package dev.trustmap.scanner.registry;

import java.util.Set;

/** Fetches documents from a package registry, with caching, limits and retries. */
public interface RegistryClient {

    /**
     * GETs {@code url} from {@code registry}.
     *
     * @param accept media types that are acceptable ({@code application/json}); an answer of another type
     *               (an HTML error page, say) is a failure. Empty: anything.
     */
    Fetched get(String registry, String url, Set<String> accept);

    /** Counters since start. */
    RegistryStats stats();
}
