package dev.trustmap.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientHttpTest {
    static final String META = "/maven-central/dev/sigstore/sigstore-java/maven-metadata.xml";
    RecordedRegistry registry;
    MemoryHttpCache cache;
    MutableClock clock;

    @BeforeEach
    void start() throws Exception {
        registry = new RecordedRegistry();
        cache = new MemoryHttpCache();
        clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    RegistryClientHttp client(RegistryLimits limits) {
        return new RegistryClientHttp(cache, limits, clock, "trustmap-test");
    }

    static RegistryLimits fast() {
        return new RegistryLimits(4, Duration.ofMillis(500), Duration.ofSeconds(3), 3, 1024 * 1024, Duration.ofMinutes(10));
    }

    @Test
    void freshCacheEntriesAreNotFetchedAgainAndOldOnesAreRevalidated() {
        RegistryClientHttp client = client(fast());
        Fetched first = client.get("maven-central", registry.base() + META, Set.of("text/xml"));
        assertThat(first.found()).isTrue();
        assertThat(first.text()).contains("<artifactId>sigstore-java</artifactId>");
        assertThat(first.digest()).hasSize(64);
        Fetched second = client.get("maven-central", registry.base() + META, Set.of("text/xml"));
        assertThat(second.fromCache()).isTrue();
        assertThat(registry.requests(META)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        Fetched third = client.get("maven-central", registry.base() + META, Set.of("text/xml"));
        assertThat(third.found()).isTrue();
        assertThat(third.fromCache()).isTrue();
        assertThat(third.fetchedAt()).isEqualTo(clock.instant());
        assertThat(registry.requests(META)).isEqualTo(2);
        assertThat(client.stats()).isEqualTo(new RegistryStats(3, 2, 1, 1, 0, 0));
    }

    @Test
    void lastModifiedIsCarriedFromTheAnswerThroughTheCacheAndRevalidation() {
        registry.override("/dated.pom", n -> RecordedRegistry.Answer.of(200, "text/xml", "<project/>")
                .withHeader("Last-Modified", "Fri, 05 Jul 2024 17:14:38 GMT"));
        registry.override("/garbled.pom", n -> RecordedRegistry.Answer.of(200, "text/xml", "<project/>")
                .withHeader("Last-Modified", "last tuesday"));
        RegistryClientHttp client = client(fast());
        Instant july = Instant.parse("2024-07-05T17:14:38Z");
        assertThat(client.get("maven-central", registry.base() + "/dated.pom", Set.of()).lastModified()).isEqualTo(july);
        Fetched cached = client.get("maven-central", registry.base() + "/dated.pom", Set.of());
        assertThat(cached.fromCache()).isTrue();
        assertThat(cached.lastModified()).isEqualTo(july);
        clock.advance(Duration.ofMinutes(11));
        Fetched revalidated = client.get("maven-central", registry.base() + "/dated.pom", Set.of());
        assertThat(client.stats().revalidated()).isEqualTo(1);
        assertThat(revalidated.lastModified()).isEqualTo(july);
        assertThat(cache.get(registry.base() + "/dated.pom").orElseThrow().lastModified()).isEqualTo("Fri, 05 Jul 2024 17:14:38 GMT");
        assertThat(client.get("maven-central", registry.base() + "/garbled.pom", Set.of()).lastModified()).as("unreadable: unknown").isNull();
        assertThat(client.get("maven-central", registry.base() + "/none.pom", Set.of()).lastModified()).isNull();
    }

    @Test
    void notFoundIsAnAnswerAndIsCached() {
        RegistryClientHttp client = client(fast());
        Fetched missing = client.get("maven-central", registry.mavenCentral() + "/no/such/thing.pom", Set.of());
        assertThat(missing.notFound()).isTrue();
        assertThat(missing.error()).isNull();
        client.get("maven-central", registry.mavenCentral() + "/no/such/thing.pom", Set.of());
        assertThat(registry.requests("/maven-central/no/such/thing.pom")).isEqualTo(1);
    }

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() {
        registry.override("/x", n -> n < 3 ? RecordedRegistry.Answer.of(503, "text/html", "<html>busy</html>")
                : RecordedRegistry.Answer.of(200, "application/json", "{}"));
        Fetched fetched = client(fast()).get("npm", registry.base() + "/x", Set.of("application/json"));
        assertThat(fetched.found()).isTrue();
        assertThat(registry.requests("/x")).isEqualTo(3);
    }

    @Test
    void givesUpAfterItsAttemptsAndServesTheLastGoodCopyAsStale() {
        RegistryClientHttp client = client(fast());
        assertThat(client.get("maven-central", registry.base() + META, Set.of("text/xml")).found()).isTrue();
        clock.advance(Duration.ofHours(1));
        registry.override(META, n -> RecordedRegistry.Answer.of(500, "text/plain", "boom"));
        Fetched stale = client.get("maven-central", registry.base() + META, Set.of("text/xml"));
        assertThat(stale.found()).isTrue();
        assertThat(stale.stale()).isTrue();
        assertThat(stale.error()).contains("HTTP 500");
        assertThat(stale.fetchedAt()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(registry.requests(META)).isEqualTo(1 + 3);
    }

    @Test
    void aFailureWithoutACopyIsAFailureNotAnAbsence() {
        registry.override("/down", n -> RecordedRegistry.Answer.of(502, "text/html", "<html>bad gateway</html>"));
        Fetched fetched = client(fast()).get("npm", registry.base() + "/down", Set.of("application/json"));
        assertThat(fetched.outcome()).isEqualTo(Fetched.Outcome.FAILED);
        assertThat(fetched.body()).isNull();
    }

    @Test
    void timeoutsRespectTheDeadline() {
        registry.override("/slow", n -> new RecordedRegistry.Answer(200, "application/json", "{}".getBytes(), 2_000));
        RegistryLimits limits = new RegistryLimits(2, Duration.ofMillis(300), Duration.ofMillis(900), 5, 1024, Duration.ZERO);
        long started = System.nanoTime();
        Fetched fetched = client(limits).get("npm", registry.base() + "/slow", Set.of());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(fetched.outcome()).isEqualTo(Fetched.Outcome.FAILED);
        assertThat(fetched.error()).contains("timed out");
        assertThat(tookMs).isLessThan(1_900);
        assertThat(registry.requests("/slow")).isBetween(1, 3);
    }

    @Test
    void wrongContentTypeAndOversizedAnswersAreFailuresWithoutRetry() {
        registry.override("/html", n -> RecordedRegistry.Answer.of(200, "text/html", "<html>login wall</html>"));
        registry.override("/huge", n -> RecordedRegistry.Answer.of(200, "application/json", "[" + "1,".repeat(2000) + "1]"));
        RegistryLimits limits = new RegistryLimits(2, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, 1000, Duration.ZERO);
        RegistryClientHttp client = client(limits);
        Fetched html = client.get("npm", registry.base() + "/html", Set.of("application/json"));
        assertThat(html.outcome()).isEqualTo(Fetched.Outcome.FAILED);
        assertThat(html.error()).contains("unexpected content type 'text/html'");
        Fetched huge = client.get("npm", registry.base() + "/huge", Set.of("application/json"));
        assertThat(huge.outcome()).isEqualTo(Fetched.Outcome.FAILED);
        assertThat(huge.error()).contains("larger than 1000 bytes");
        assertThat(registry.requests("/html")).isEqualTo(1);
        assertThat(registry.requests("/huge")).isEqualTo(1);
    }

    @Test
    void noMoreThanTheConcurrencyLimitInFlightPerRegistry() throws Exception {
        for (int i = 0; i < 12; i++) {
            registry.override("/c" + i, n -> new RecordedRegistry.Answer(200, "application/json", "{}".getBytes(), 150));
        }
        RegistryLimits limits = new RegistryLimits(3, Duration.ofSeconds(5), Duration.ofSeconds(20), 1, 1024, Duration.ZERO);
        RegistryClientHttp client = client(limits);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Fetched>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String path = "/c" + i;
            results.add(pool.submit(() -> client.get("npm", registry.base() + path, Set.of())));
        }
        for (Future<Fetched> f : results) {
            assertThat(f.get().found()).isTrue();
        }
        pool.shutdown();
        assertThat(registry.maxConcurrent()).isEqualTo(3);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
