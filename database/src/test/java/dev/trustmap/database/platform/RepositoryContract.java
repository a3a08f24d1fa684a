package dev.trustmap.database.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmap.database.idempotency.IdempotencyRecordEntity;
import dev.trustmap.database.idempotency.IdempotencyRepository;
import dev.trustmap.database.job.ClaimedJob;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.job.JobState;
import dev.trustmap.database.job.NewJob;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomRows;
import dev.trustmap.database.sbom.SnapshotRow;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.database.token.ApiTokenEntity;
import dev.trustmap.database.token.ApiTokenRepository;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every repository, run against each database the portal supports. */
abstract class RepositoryContract {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC);

    private Database db;
    private final ServiceRepository services = new ServiceRepository();
    private final SbomRepository sboms = new SbomRepository();
    private final PackageRepository packages = new PackageRepository();
    private final JobRepository jobs = new JobRepository();
    private final ApiTokenRepository tokens = new ApiTokenRepository();
    private final IdempotencyRepository idempotency = new IdempotencyRepository();
    private final dev.trustmap.database.evidence.EvidenceRepository evidence = new dev.trustmap.database.evidence.EvidenceRepository();

    abstract DatabaseSettings settings();

    @BeforeEach
    void open() {
        db = Database.open(settings());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private UUID newService(String slug) {
        UUID id = UUID.randomUUID();
        db.inTransaction(tx -> services.create(tx, new ServiceEntity(id, slug, NOW)));
        return id;
    }

    private static SbomRows rows(String... versions) {
        UUID pkg = UUID.nameUUIDFromBytes("pkg:maven/org.example/lib".getBytes(StandardCharsets.UTF_8));
        List<SbomRows.VersionRow> v = new java.util.ArrayList<>();
        List<SbomRows.UsageRow> u = new java.util.ArrayList<>();
        for (String version : versions) {
            UUID id = UUID.nameUUIDFromBytes(("pkg:maven/org.example/lib@" + version).getBytes(StandardCharsets.UTF_8));
            v.add(new SbomRows.VersionRow(id, pkg, version, "", "pkg:maven/org.example/lib@" + version,
                    "{\"SHA-256\":\"ab\"}", "[\"Apache-2.0\"]", null));
            u.add(new SbomRows.UsageRow(id, "direct", "required"));
        }
        List<SbomRows.EdgeRow> edges = versions.length > 1
                ? List.of(new SbomRows.EdgeRow(v.get(0).id(), v.get(1).id())) : List.of();
        return new SbomRows(List.of(new SbomRows.PackageRow(pkg, "pkg:maven/org.example/lib", "maven", "org.example", "lib")),
                v, u, edges);
    }

    private UUID writeSnapshot(UUID serviceId, String digest, SbomRows rows) {
        UUID snapshotId = UUID.randomUUID();
        db.inTransaction(tx -> {
            sboms.insert(tx, new SnapshotRow(snapshotId, serviceId, "build-1", "json", "1.6", null, digest, "tester", NOW,
                    rows.usages().size(), rows.usages().size(), rows.edges().size(), 0, null), rows, NOW);
            services.setCurrentSnapshot(tx, serviceId, snapshotId, NOW);
            return null;
        });
        return snapshotId;
    }

    @Test
    void bulkWriteSkipsPackagesAndVersionsAlreadyKnown() {
        UUID a = newService("alpha");
        UUID b = newService("beta");
        writeSnapshot(a, "d1", rows("1.0", "2.0"));
        writeSnapshot(b, "d2", rows("2.0", "3.0"));

        long versionRows = db.inTransaction(tx -> Jdbc.queryOne(tx, "SELECT COUNT(*) FROM package_version", rs -> rs.getLong(1)).orElseThrow());
        long packageRows = db.inTransaction(tx -> Jdbc.queryOne(tx, "SELECT COUNT(*) FROM software_package", rs -> rs.getLong(1)).orElseThrow());
        assertThat(versionRows).isEqualTo(3);
        assertThat(packageRows).isEqualTo(1);

        var pkg = db.inTransaction(tx -> packages.findByPurl(tx, "pkg:maven/org.example/lib")).orElseThrow();
        var usages = db.inTransaction(tx -> packages.currentUsages(tx, pkg.getId()));
        assertThat(usages).extracting(u -> u.service() + "@" + u.version())
                .containsExactly("alpha@1.0", "alpha@2.0", "beta@2.0", "beta@3.0");
        assertThat(db.inTransaction((Tx tx) -> packages.list(tx, "maven", "lib", 0, 10)))
                .singleElement().satisfies(p -> {
                    assertThat(p.versionCount()).isEqualTo(3);
                    assertThat(p.serviceCount()).isEqualTo(2);
                });
        assertThat(db.inTransaction((Tx tx) -> packages.list(tx, "npm", null, 0, 10))).isEmpty();
        assertThat(db.inTransaction((Tx tx) -> packages.count(tx, null, "org.example/l"))).isEqualTo(1);
        assertThat(db.inTransaction((Tx tx) -> sboms.findByDigest(tx, a, "d1"))).isPresent();
        assertThat(db.inTransaction((Tx tx) -> sboms.findByDigest(tx, a, "d2"))).isEmpty();
    }

    @Test
    void evidenceQueueLeasesScoresEventsAndCache() {
        UUID a = newService("ev-alpha");
        writeSnapshot(a, "e1", rows("1.0", "2.0"));
        assertThat(db.inTransaction((Tx tx) -> evidence.enqueueMissing(tx, NOW))).isEqualTo(2);
        assertThat(db.inTransaction((Tx tx) -> evidence.enqueueMissing(tx, NOW))).isZero();
        assertThat(db.inTransaction((Tx tx) -> evidence.grades(tx))).extracting(g -> g.grade() + "=" + g.versions()).containsExactly("pending=2");

        var first = db.inTransaction(tx -> evidence.claim(tx, "w1", NOW, NOW.plusSeconds(60), 1));
        var second = db.inTransaction(tx -> evidence.claim(tx, "w2", NOW, NOW.plusSeconds(60), 5));
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1).extracting(t -> t.versionId()).doesNotContain(first.get(0).versionId());
        assertThat(first.get(0).hashes()).isEqualTo("{\"SHA-256\":\"ab\"}");
        assertThat(db.inTransaction((Tx tx) -> evidence.claim(tx, "w3", NOW, NOW.plusSeconds(60), 5))).isEmpty();

        var t = first.get(0);
        var row = new dev.trustmap.database.evidence.EvidenceRow(t.versionId(), NOW, "maven-central", "complete", "[]", "{}", "[]",
                80, 60, "B", "[]", "[\"x is unknown\"]", 1, "m1");
        assertThat(db.inTransaction((Tx tx) -> evidence.complete(tx, "someone-else", row, NOW.plusHours(24)))).isFalse();
        assertThat(db.inTransaction((Tx tx) -> evidence.complete(tx, "w1", row, NOW.plusHours(24)))).isTrue();
        assertThat(db.inTransaction((Tx tx) -> evidence.find(tx, t.versionId()))).hasValueSatisfying(r -> assertThat(r.grade()).isEqualTo("B"));
        var again = new dev.trustmap.database.evidence.EvidenceRow(t.versionId(), NOW, "maven-central", "degraded", "[]", "{}", "[]",
                20, 60, "D", "[]", "[]", 0, "m1");
        assertThat(db.inTransaction((Tx tx) -> evidence.claim(tx, "w1", NOW.plusHours(25), NOW.plusHours(26), 5))).hasSize(2);
        assertThat(db.inTransaction((Tx tx) -> evidence.complete(tx, "w1", again, NOW.plusHours(48)))).isTrue();
        assertThat(db.inTransaction((Tx tx) -> evidence.find(tx, t.versionId()))).hasValueSatisfying(r -> assertThat(r.grade()).isEqualTo("D"));
        assertThat(db.inTransaction((Tx tx) -> evidence.grades(tx))).extracting(g -> g.grade() + "=" + g.versions())
                .containsExactly("D=1", "pending=1");
        assertThat(db.inTransaction((Tx tx) -> evidence.release(tx, second.get(0).versionId(), "w1", NOW.plusHours(30), "HTTP 503"))).isTrue();

        UUID pkg = t.packageId();
        var event = new dev.trustmap.database.evidence.TrustEventRow(UUID.randomUUID(), pkg, null, "2.0", "new-version", NOW.minusHours(2),
                NOW, "version 2.0 published", "https://registry/x", "h1");
        var duplicate = new dev.trustmap.database.evidence.TrustEventRow(UUID.randomUUID(), pkg, null, "2.0", "new-version", NOW.minusHours(2),
                NOW, "version 2.0 published", "https://registry/x", "h1");
        assertThat(db.inTransaction((Tx tx) -> evidence.insertEvents(tx, List.of(event)))).isEqualTo(1);
        assertThat(db.inTransaction((Tx tx) -> evidence.insertEvents(tx, List.of(duplicate)))).isZero();
        assertThat(db.inTransaction((Tx tx) -> evidence.portfolioEvents(tx, NOW.minusHours(24), 0, 10)))
                .singleElement().satisfies(e -> assertThat(e.packagePurl()).isEqualTo("pkg:maven/org.example/lib"));
        assertThat(db.inTransaction((Tx tx) -> evidence.portfolioEvents(tx, NOW.minusHours(24), 1, 10))).isEmpty();
        assertThat(db.inTransaction((Tx tx) -> evidence.countPortfolioEvents(tx, NOW.minusHours(24)))).isEqualTo(1L);
        assertThat(db.inTransaction((Tx tx) -> evidence.portfolioEvents(tx, NOW.minusHours(1), 0, 10))).isEmpty();
        assertThat(db.inTransaction((Tx tx) -> evidence.countPortfolioEvents(tx, NOW.minusHours(1)))).isZero();
        assertThat(db.inTransaction((Tx tx) -> evidence.countEvents(tx, pkg, NOW.minusHours(24)))).isEqualTo(1L);
        assertThat(db.inTransaction((Tx tx) -> evidence.servicesUsing(tx, List.of(pkg)))).extracting(r -> r[1]).containsExactly("ev-alpha");

        byte[] body = new byte[300_000];
        body[7] = 42;
        var cached = new dev.trustmap.database.evidence.EvidenceRepository.CacheRow("https://r/x", 200, "\"e\"", null, "application/json",
                NOW, "d", body);
        db.inTransaction(tx -> {
            evidence.cache(tx, cached);
            evidence.cache(tx, cached);
            return null;
        });
        assertThat(db.inTransaction((Tx tx) -> evidence.cached(tx, "https://r/x"))).hasValueSatisfying(c -> {
            assertThat(c.body()).isEqualTo(body);
            assertThat(c.etag()).isEqualTo("\"e\"");
        });
    }

    @Test
    void rollsBackJpaAndJdbcWorkTogether() {
        UUID serviceId = UUID.randomUUID();
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            services.create(tx, new ServiceEntity(serviceId, "doomed", NOW));
            Jdbc.update(tx, "INSERT INTO software_package (id, purl, ecosystem, name, created_at) VALUES (?, ?, ?, ?, ?)",
                    UUID.randomUUID(), "pkg:npm/x", "npm", "x", NOW);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(db.inTransaction((Tx tx) -> services.findBySlug(tx, "doomed"))).isEmpty();
        assertThat(db.inTransaction((Tx tx) -> Jdbc.queryOne(tx, "SELECT COUNT(*) FROM software_package", rs -> rs.getLong(1)).orElseThrow()))
                .isZero();
    }

    @Test
    void jobsFollowTheStateMachineAndLeases() {
        UUID serviceId = newService("jobs");
        UUID jobId = UUID.randomUUID();
        db.inTransaction(tx -> {
            jobs.insert(tx, new NewJob(jobId, serviceId, "json", "v1", "{}".getBytes(StandardCharsets.UTF_8), "dd", "tester", NOW,
                    "req-42"));
            return null;
        });
        Optional<ClaimedJob> claimed = db.inTransaction(tx -> jobs.claimNext(tx, "w1", NOW, NOW.plusSeconds(60)));
        assertThat(claimed).get().satisfies(j -> {
            assertThat(j.id()).isEqualTo(jobId);
            assertThat(new String(db.inTransaction((Tx tx) -> jobs.payload(tx, jobId)), StandardCharsets.UTF_8)).isEqualTo("{}");
            assertThat(j.attempts()).isEqualTo(1);
            assertThat(j.requestId()).isEqualTo("req-42");
        });
        // leased: nobody else gets it until the lease runs out
        assertThat(db.inTransaction((Tx tx) -> jobs.claimNext(tx, "w2", NOW.plusSeconds(30), NOW.plusSeconds(90)))).isEmpty();
        // the lease ran out (worker died): w2 takes over, w1 can no longer complete it
        assertThat(db.inTransaction((Tx tx) -> jobs.claimNext(tx, "w2", NOW.plusSeconds(61), NOW.plusSeconds(120)))).isPresent();
        assertThat(db.inTransaction((Tx tx) -> jobs.complete(tx, jobId, "w1", null, "{}", NOW))).isFalse();
        assertThat(db.inTransaction((Tx tx) -> jobs.complete(tx, jobId, "w2", null, "{\"ok\":true}", NOW))).isTrue();
        var done = db.inTransaction(tx -> jobs.find(tx, jobId)).orElseThrow();
        assertThat(done.getState()).isEqualTo("completed");
        assertThat(done.getAttempts()).isEqualTo(2);
        // terminal: cannot fail or be released any more
        assertThat(db.inTransaction((Tx tx) -> jobs.fail(tx, jobId, "w2", "late", NOW))).isFalse();
        assertThat(db.inTransaction((Tx tx) -> jobs.claim(tx, jobId, "w3", NOW.plusSeconds(500), NOW.plusSeconds(600)))).isEmpty();
        assertThat(JobState.COMPLETED.canMoveTo(JobState.QUEUED)).isFalse();
        assertThat(db.inTransaction((Tx tx) -> jobs.payload(tx, jobId)))
                .as("the payload outlives the commit that completed the job (it is dropped after, a chunk at a time)").isNotEmpty();
        assertThat(db.inTransaction((Tx tx) -> jobs.finishedWithPayload(tx, 10))).containsExactly(jobId);
        assertThat(db.inTransaction((Tx tx) -> jobs.dropPayloadChunk(tx, jobId))).isTrue();
        assertThat(db.inTransaction((Tx tx) -> jobs.dropPayloadChunk(tx, jobId))).as("one chunk only").isFalse();
        assertThat(db.inTransaction((Tx tx) -> jobs.payload(tx, jobId))).as("dropped once the job is finished").isEmpty();
        assertThat(db.inTransaction((Tx tx) -> jobs.finishedWithPayload(tx, 10))).isEmpty();
    }

    @Test
    void concurrentClaimersNeverShareAJob() throws Exception {
        int jobCount = 20;
        List<UUID> serviceIds = new java.util.ArrayList<>();
        for (int i = 0; i < jobCount; i++) {
            serviceIds.add(newService("race-" + i));
        }
        db.inTransaction(tx -> {
            for (int i = 0; i < jobCount; i++) {
                jobs.insert(tx, new NewJob(UUID.randomUUID(), serviceIds.get(i), "json", null, new byte[] {1}, "d" + i, "t",
                        NOW.plusSeconds(i)));
            }
            return null;
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<UUID>>> results = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "w" + w;
            results.add(pool.submit(() -> {
                go.await();
                List<UUID> mine = new java.util.ArrayList<>();
                while (true) {
                    Optional<ClaimedJob> job = db.inTransaction(tx -> jobs.claimNext(tx, owner, NOW.plusSeconds(100), NOW.plusSeconds(1000)));
                    if (job.isEmpty()) {
                        return mine;
                    }
                    mine.add(job.get().id());
                }
            }));
        }
        go.countDown();
        List<UUID> all = new java.util.ArrayList<>();
        for (Future<List<UUID>> r : results) {
            all.addAll(r.get());
        }
        pool.shutdown();
        assertThat(all).hasSize(jobCount).doesNotHaveDuplicates();
    }

    @Test
    void aServiceWithAJobInProgressYieldsToOtherServicesAndLargeDocumentsCanBeLeftForLater() {
        UUID busy = newService("busy");
        UUID other = newService("other");
        db.inTransaction(tx -> {
            jobs.insert(tx, new NewJob(UUID.randomUUID(), busy, "json", null, new byte[] {1}, "b1", "t", NOW));
            jobs.insert(tx, new NewJob(UUID.randomUUID(), busy, "json", null, new byte[] {1}, "b2", "t", NOW.plusSeconds(1)));
            jobs.insert(tx, new NewJob(UUID.randomUUID(), other, "json", null, new byte[100], "o1", "t", NOW.plusSeconds(2)));
            return null;
        });
        ClaimedJob first = db.inTransaction(tx -> jobs.claimNext(tx, "w1", NOW.plusSeconds(5), NOW.plusSeconds(60))).orElseThrow();
        assertThat(first.serviceId()).isEqualTo(busy);
        Optional<ClaimedJob> tooLarge = db.inTransaction(tx -> jobs.claimNext(tx, "w2", NOW.plusSeconds(5), NOW.plusSeconds(60), 10));
        assertThat(tooLarge).as("the other service's job is larger than allowed").isEmpty();
        ClaimedJob second = db.inTransaction(tx -> jobs.claimNext(tx, "w2", NOW.plusSeconds(5), NOW.plusSeconds(600))).orElseThrow();
        assertThat(second.serviceId()).as("busy's second job waits; other's goes ahead").isEqualTo(other);
        assertThat(second.payloadSize()).isEqualTo(100);
        boolean renewed = db.inTransaction(tx -> jobs.renewLease(tx, first.id(), "w1", NOW.plusSeconds(600)));
        assertThat(renewed).isTrue();
        boolean renewedByOther = db.inTransaction(tx -> jobs.renewLease(tx, first.id(), "w2", NOW.plusSeconds(600)));
        assertThat(renewedByOther).as("only the owner renews").isFalse();
        // the renewed lease holds past the original expiry: nobody takes the job over
        Optional<ClaimedJob> takeover = db.inTransaction(tx -> jobs.claimNext(tx, "w3", NOW.plusSeconds(120), NOW.plusSeconds(700)));
        assertThat(takeover).isEmpty();
        boolean released = db.inTransaction(tx -> jobs.release(tx, first.id(), "w1"));
        assertThat(released).isTrue();
        ClaimedJob again = db.inTransaction(tx -> jobs.claimNext(tx, "w3", NOW.plusSeconds(120), NOW.plusSeconds(700))).orElseThrow();
        assertThat(again.id()).as("handed back at once, not after its lease").isEqualTo(first.id());
    }

    @Test
    void aPayloadIsStreamedBackChunkByChunk() throws Exception {
        UUID serviceId = newService("streamed");
        byte[] payload = new byte[600 * 1024 + 17];
        new java.util.Random(5).nextBytes(payload);
        UUID id = UUID.randomUUID();
        db.inTransaction(tx -> {
            jobs.insert(tx, new NewJob(id, serviceId, "json", null, payload, "p", "t", NOW));
            return null;
        });
        byte[] read = db.inTransaction(tx -> {
            try (java.io.InputStream in = jobs.payloadStream(tx, id)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(read).isEqualTo(payload);
    }

    @Test
    void tokensAndIdempotencyKeysAreUnique() {
        db.inTransaction(tx -> {
            tokens.create(tx, new ApiTokenEntity(UUID.randomUUID(), "ci", "team", "h1", "tm_abc", "scanner", null, "admin", NOW, null));
            return null;
        });
        assertThat(db.inTransaction((Tx tx) -> tokens.findByHash(tx, "h1"))).isPresent();
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tokens.create(tx, new ApiTokenEntity(UUID.randomUUID(), "ci2", "team", "h1", "tm_abd", "scanner", null, "admin", NOW, null));
            return null;
        })).isInstanceOf(RuntimeException.class);
        db.inTransaction(tx -> {
            idempotency.create(tx, new IdempotencyRecordEntity("p", "k", "op", "hash", UUID.randomUUID(), NOW));
            return null;
        });
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            idempotency.create(tx, new IdempotencyRecordEntity("p", "k", "op", "other", UUID.randomUUID(), NOW));
            return null;
        })).isInstanceOf(RuntimeException.class);
        assertThat(db.inTransaction((Tx tx) -> idempotency.find(tx, "p", "k"))).get()
                .extracting(IdempotencyRecordEntity::getRequestHash).isEqualTo("hash");
    }

    @Test
    void migratingTwiceChangesNothing() {
        Database.migrate(db.dataSource());
        List<String> tables = db.inTransaction(tx -> Jdbc.query(tx,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
                rs -> rs.getString(1).toLowerCase(java.util.Locale.ROOT)));
        assertThat(tables).contains("service", "sbom_snapshot", "software_package", "package_version", "package_usage",
                "dependency_edge", "ingestion_job", "ingestion_payload", "api_token", "idempotency_record", "flyway_schema_history",
                "scoring_model_change");
    }

    @Test
    void anInstallationAtV5UpgradesWithItsRowsAndKeepsOnlyTheConstraintsThatProtectSomething() throws Exception {
        DatabaseSettings fresh = settings();
        org.flywaydb.core.Flyway.configure().dataSource(fresh.url(), fresh.user(), fresh.password())
                .locations("classpath:db/migration").target("5").load().migrate();
        UUID service = UUID.randomUUID();
        UUID snapshot = UUID.randomUUID();
        UUID pkg = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        try (var connection = java.sql.DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO service (id, slug, created_at, updated_at) VALUES ('" + service + "', 'old', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
            statement.execute("INSERT INTO sbom_snapshot (id, service_id, format, spec_version, digest, uploaded_by, uploaded_at, "
                    + "component_count, direct_count, edge_count, skipped_count) VALUES ('" + snapshot + "', '" + service
                    + "', 'json', '1.6', 'd', 'me', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 1, 1, 0, 0)");
            statement.execute("INSERT INTO software_package (id, purl, ecosystem, name, created_at) VALUES ('" + pkg
                    + "', 'pkg:npm/old', 'npm', 'old', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
            statement.execute("INSERT INTO package_version (id, package_id, version, purl, created_at) VALUES ('" + version + "', '"
                    + pkg + "', '1.0.0', 'pkg:npm/old@1.0.0', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
            statement.execute("INSERT INTO package_usage (snapshot_id, package_version_id, service_id, relationship) VALUES ('"
                    + snapshot + "', '" + version + "', '" + service + "', 'direct')");
        }
        try (Database upgraded = Database.open(fresh)) {
            Optional<Long> kept = upgraded.inTransaction(tx -> Jdbc.queryOne(tx, "SELECT COUNT(*) FROM package_usage u "
                    + "JOIN package_version v ON v.id = u.package_version_id WHERE v.purl = 'pkg:npm/old@1.0.0'", rs -> rs.getLong(1)));
            assertThat(kept).contains(1L);
            List<String> constraints = upgraded.inTransaction((Tx tx) -> Jdbc.query(tx, """
                    SELECT LOWER(tc.table_name) AS t, tc.constraint_type AS c, LOWER(k.column_name) AS col
                    FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
                      ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
                    WHERE LOWER(tc.table_name) IN ('software_package', 'package_version', 'package_usage', 'dependency_edge')
                      AND tc.constraint_type IN ('UNIQUE', 'FOREIGN KEY')""",
                    rs -> rs.getString("t") + " " + rs.getString("c") + " " + rs.getString("col")));
            assertThat(constraints).isEmpty();
            // the package is still found by its purl (through the ecosystem index)
            assertThat(upgraded.inTransaction((Tx tx) -> new dev.trustmap.database.pkg.PackageRepository().findByPurl(tx, "pkg:npm/old"))
                    .map(p -> p.getId())).contains(pkg);
            assertThat(upgraded.inTransaction((Tx tx) -> new dev.trustmap.database.pkg.PackageRepository().findByPurl(tx, "pkg:maven/old")))
                    .isEmpty();
            // the primary keys still refuse a second row for one version, usage or edge
            assertThatThrownBy(() -> upgraded.inTransaction((Tx tx) -> Jdbc.update(tx, "INSERT INTO package_usage (snapshot_id, "
                    + "package_version_id, service_id, relationship) VALUES (?, ?, ?, 'direct')", snapshot, version, service)))
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
