package dev.trustmap.api.evidence;

import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.scanner.registry.CachedResponse;
import dev.trustmap.scanner.registry.HttpCache;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry answers kept in the database, shared by every portal process: conditional requests
 * and stale copies survive restarts. Best effort: a cache that cannot be read or written only
 * costs a request.
 */
public final class DatabaseHttpCache implements HttpCache {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHttpCache.class);
    static final int MAX_CACHED_BODY = 8 * 1024 * 1024;

    private final Database db;
    private final EvidenceRepository repository;

    public DatabaseHttpCache(Database db, EvidenceRepository repository) {
        this.db = db;
        this.repository = repository;
    }

    @Override
    public Optional<CachedResponse> get(String url) {
        try {
            return db.inTransaction(tx -> repository.cached(tx, url)).map(r -> new CachedResponse(r.url(), r.status(), r.etag(),
                    r.lastModified(), r.contentType(), r.fetchedAt().toInstant(), r.digest(), r.body() == null ? new byte[0] : r.body()));
        } catch (RuntimeException e) {
            LOG.debug("Registry cache read failed for {}: {}", url, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void put(CachedResponse response) {
        if (response.url().length() > 2048 || response.body().length > MAX_CACHED_BODY) {
            return;
        }
        try {
            db.inTransaction(tx -> {
                repository.cache(tx, new EvidenceRepository.CacheRow(response.url(), response.status(), truncate(response.etag(), 500),
                        truncate(response.lastModified(), 100), truncate(response.contentType(), 200),
                        OffsetDateTime.ofInstant(response.fetchedAt(), ZoneOffset.UTC), response.digest(), response.body()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Registry cache write failed for {}: {}", response.url(), e.toString());
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : null;
    }
}
