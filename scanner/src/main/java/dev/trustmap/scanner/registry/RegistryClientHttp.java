package dev.trustmap.scanner.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place registry calls are made (and retried). Per registry: at most
 * {@link RegistryLimits#concurrency()} requests in flight; each request has a timeout, each fetch a
 * deadline over all its attempts; retries (connection failures, timeouts, 429, 5xx) back off
 * exponentially with full jitter and honour a short {@code Retry-After}. Answers are cached:
 * a fresh entry is used without asking, an older one is revalidated with {@code If-None-Match} /
 * {@code If-Modified-Since}; when the registry fails, the last good copy is returned marked
 * {@code stale}. Oversized answers and answers of an unexpected media type are failures.
 */
public final class RegistryClientHttp implements RegistryClient {
    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);

    private final HttpClient http;
    private final HttpCache cache;
    private final RegistryLimits limits;
    private final Clock clock;
    private final String userAgent;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong revalidated = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();

    public RegistryClientHttp(HttpCache cache, RegistryLimits limits, Clock clock, String userAgent) {
        this.cache = cache;
        this.limits = limits;
        this.clock = clock;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Fetched get(String registry, String url, Set<String> accept) {
        fetches.incrementAndGet();
        Optional<CachedResponse> cached = cache.get(url);
        Instant now = clock.instant();
        if (cached.isPresent() && Duration.between(cached.get().fetchedAt(), now).compareTo(limits.freshFor()) < 0) {
            cacheHits.incrementAndGet();
            return fromCache(cached.get(), false, true, null);
        }
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        String lastError = null;
        Semaphore semaphore = permits.computeIfAbsent(registry, r -> new Semaphore(limits.concurrency(), true));
        for (int attempt = 1; attempt <= limits.attempts(); attempt++) {
            long wait = 0;
            try {
                if (!semaphore.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    lastError = "no free connection to " + registry + " before the deadline";
                    break;
                }
                try {
                    Answer answer = send(url, cached.orElse(null), deadline);
                    if (answer.status == 304 && cached.isPresent()) {
                        revalidated.incrementAndGet();
                        CachedResponse refreshed = new CachedResponse(url, cached.get().status(), cached.get().etag(),
                                cached.get().lastModified(), cached.get().contentType(), clock.instant(), cached.get().digest(),
                                cached.get().body());
                        cache.put(refreshed);
                        return fromCache(refreshed, false, true, null);
                    }
                    if (answer.status == 200) {
                        String problem = unacceptable(answer, accept);
                        if (problem != null) {
                            lastError = problem;
                            break; // a wrong answer does not get better by asking again
                        }
                        CachedResponse stored = new CachedResponse(url, 200, answer.etag, answer.lastModified, answer.contentType,
                                clock.instant(), sha256(answer.body), answer.body);
                        cache.put(stored);
                        return fromCache(stored, false, false, null);
                    }
                    if (answer.status == 404 || answer.status == 410) {
                        CachedResponse stored = new CachedResponse(url, 404, null, null, null, clock.instant(), null, new byte[0]);
                        cache.put(stored);
                        return fromCache(stored, false, false, null);
                    }
                    lastError = "HTTP " + answer.status + " from " + registry;
                    if (answer.status != 429 && answer.status < 500) {
                        break;
                    }
                    wait = answer.retryAfterMillis;
                } finally {
                    semaphore.release();
                }
            } catch (TooLargeException e) {
                lastError = e.getMessage();
                break;
            } catch (IOException e) {
                lastError = (e instanceof java.net.http.HttpTimeoutException ? "timed out: " : "unreachable: ")
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastError = "interrupted";
                break;
            }
            if (attempt < limits.attempts()) {
                long backoff = Math.max(wait * 1_000_000, jitter(attempt));
                if (backoff >= remaining(deadline)) {
                    lastError = lastError + " (deadline reached)";
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        failures.incrementAndGet();
        if (cached.isPresent()) {
            staleServed.incrementAndGet();
            return fromCache(cached.get(), true, true, lastError);
        }
        return new Fetched(url, Fetched.Outcome.FAILED, null, null, clock.instant(), null, false, false, lastError, null);
    }

    @Override
    public RegistryStats stats() {
        return new RegistryStats(fetches.get(), requests.get(), cacheHits.get(), revalidated.get(), failures.get(), staleServed.get());
    }

    private Answer send(String url, CachedResponse cached, long deadline) throws IOException, InterruptedException {
        long left = remaining(deadline);
        if (left <= 0) {
            throw new java.net.http.HttpTimeoutException("deadline reached");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofNanos(Math.min(limits.timeout().toNanos(), left)))
                .header("User-Agent", userAgent)
                .GET();
        if (cached != null && cached.status() == 200) {
            if (cached.etag() != null) {
                request.header("If-None-Match", cached.etag());
            }
            if (cached.lastModified() != null) {
                request.header("If-Modified-Since", cached.lastModified());
            }
        }
        requests.incrementAndGet();
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] body = response.statusCode() == 200 ? readBounded(in, limits.maxBodyBytes(), url) : in.readNBytes(64 * 1024);
            long retryAfter = response.headers().firstValue("Retry-After").map(RegistryClientHttp::seconds).orElse(0L) * 1000;
            return new Answer(response.statusCode(), body, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), retryAfter);
        }
    }

    private static byte[] readBounded(InputStream in, long max, String url) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            throw new TooLargeException("answer larger than " + max + " bytes from " + url);
        }
        return body;
    }

    private static String unacceptable(Answer answer, Set<String> accept) {
        if (accept.isEmpty()) {
            return null;
        }
        String type = answer.contentType == null ? "" : answer.contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (accept.contains(type)) {
            return null;
        }
        return "unexpected content type '" + (type.isEmpty() ? "none" : type) + "' (wanted " + String.join(" or ", accept) + ")";
    }

    private static long seconds(String value) {
        try {
            return Math.min(30, Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long jitter(int attempt) {
        long cap = BACKOFF_BASE.toNanos() << Math.min(attempt - 1, 6);
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    private Fetched fromCache(CachedResponse entry, boolean stale, boolean fromCache, String error) {
        Fetched.Outcome outcome = entry.status() == 200 ? Fetched.Outcome.FOUND : Fetched.Outcome.NOT_FOUND;
        return new Fetched(entry.url(), outcome, entry.body(), entry.contentType(), entry.fetchedAt(), entry.digest(), stale,
                fromCache, error, entry.status() == 200 ? Fetched.httpDate(entry.lastModified()) : null);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, byte[] body, String etag, String lastModified, String contentType, long retryAfterMillis) {
    }

    private static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
