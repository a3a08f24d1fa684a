package dev.trustmap.scanner.registry;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-process cache (command line, tests). */
public final class MemoryHttpCache implements HttpCache {
    private final ConcurrentHashMap<String, CachedResponse> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<CachedResponse> get(String url) {
        return Optional.ofNullable(entries.get(url));
    }

    @Override
    public void put(CachedResponse response) {
        entries.put(response.url(), response);
    }

    public int size() {
        return entries.size();
    }
}
