package dev.trustmap.api.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.sbom.model.IngestionResult;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomRows;
import dev.trustmap.database.sbom.SnapshotRow;
import dev.trustmap.scanner.sbom.SbomComponent;
import dev.trustmap.scanner.sbom.SbomHandler;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Writes one document's rows while it is read: packages and versions go to the database a chunk
 * at a time; what is kept until the end is an index per distinct component (its version id, its
 * scope, its bom-ref) and the dependency edges as pairs of indexes — a few dozen bytes per
 * component instead of the component itself. Usages and edges are written at the end, when the
 * graph (and so each component's relationship) is known. Packages and versions are shared,
 * idempotent rows (name-based ids, {@code ON CONFLICT DO NOTHING}): they are committed in short
 * transactions of their own, so two uploads that share packages never wait for each other's
 * ingestion (a huge one would otherwise hold their rows locked until it commits). Everything else
 * runs in the caller's transaction; {@code cancelled} is checked between chunks.
 *
 * <p>Those short transactions run on a writer thread of their own while the document is read on,
 * so parsing and the database's work overlap (on two cores the read phase is the longer of the two,
 * not their sum; a second writer measured no faster on PostgreSQL and would only add lock waits). At
 * most {@link #IN_FLIGHT} chunks are handed over and not yet written: the reader
 * waits for the writer rather than piling chunks up, so memory stays bounded. A failed write is
 * rethrown, as it was, to the reader at its next chunk or at {@link #finishComponents()};
 * {@link #close()} stops the writer.
 */
final class SnapshotIngestion implements SbomHandler, AutoCloseable {
    static final int CHUNK = 2_000;
    /**
     * Packages and versions handed to the writer at a time: larger than {@link #CHUNK} because each of their
     * short transactions pays a fixed cost (on H2 a chunk of 10,000 wrote 200,000 new packages and versions a
     * quarter faster than chunks of 2,000); still a few megabytes per chunk.
     */
    static final int WRITE_CHUNK = 10_000;
    /** Chunks handed to the writer and not yet written, at most: one being written, one waiting. */
    static final int IN_FLIGHT = 2;
    private static final String[] SCOPES = {null, "required", "optional", "excluded"};

    private final Tx tx;
    private final dev.trustmap.database.platform.Database db;
    private final SbomRepository sboms;
    private final ObjectMapper json;
    private final OffsetDateTime now;
    private final BooleanSupplier cancelled;

    private final Map<String, SbomRows.PackageRow> packages = new LinkedHashMap<>();
    private final List<SbomRows.VersionRow> versions = new ArrayList<>(WRITE_CHUNK);
    private final Map<UUID, Integer> byVersion = new HashMap<>();
    private final Map<String, Integer> byRef = new HashMap<>();
    private long[] ids = new long[2 * CHUNK];
    private byte[] scopes = new byte[CHUNK];
    private int count;
    private long[] edges = new long[CHUNK];
    private int edgeCount;
    private final BitSet direct = new BitSet();
    private String rootRef;
    private boolean graphKnown;
    private final List<Map.Entry<String, List<String>>> deferred = new ArrayList<>();
    /** Only for a service's first snapshot, whose packages are all "added": their ids and the first purls in order. */
    private final java.util.Set<UUID> firstPackages;
    private final java.util.TreeSet<String> firstPurls = new java.util.TreeSet<>(SnapshotIngestion::byCodePoint);
    private int packageCount;
    private long waitedNanos;
    private final ExecutorService writer;
    private final java.util.ArrayDeque<Future<?>> written = new java.util.ArrayDeque<>();

    /**
     * @param first the service has no snapshot yet: the writer then also counts the document's packages and keeps
     *              the first {@link IngestionResult#LIST_LIMIT} package purls, so the "added" list needs no diff query
     */
    SnapshotIngestion(dev.trustmap.database.platform.Database db, Tx tx, SbomRepository sboms, ObjectMapper json, OffsetDateTime now,
                      BooleanSupplier cancelled, boolean first) {
        this.firstPackages = first ? new java.util.HashSet<>() : null;
        String name = Thread.currentThread().getName() + "-writer";
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        this.db = db;
        this.tx = tx;
        this.sboms = sboms;
        this.json = json;
        this.now = now;
        this.cancelled = cancelled;
    }

    @Override
    public void start(String rootRef) {
        this.rootRef = rootRef;
    }

    @Override
    public void component(SbomComponent c) {
        UUID versionId = IngestionService.versionId(c.purl().versionPurl());
        Integer known = byVersion.get(versionId);
        if (known != null) {
            byRef.put(c.bomRef(), known);
            return;
        }
        int index = count++;
        byVersion.put(versionId, index);
        byRef.put(c.bomRef(), index);
        if (2 * count > ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
            scopes = Arrays.copyOf(scopes, scopes.length * 2);
        }
        ids[2 * index] = versionId.getMostSignificantBits();
        ids[2 * index + 1] = versionId.getLeastSignificantBits();
        scopes[index] = scope(c.scope());
        UUID packageId = packages.computeIfAbsent(c.purl().packagePurl(), purl -> new SbomRows.PackageRow(
                IngestionService.packageId(purl), purl, c.purl().ecosystem(), c.purl().namespace(), c.purl().name())).id();
        if (firstPackages != null && firstPackages.add(packageId)) {
            String purl = c.purl().packagePurl();
            if (firstPurls.size() < IngestionResult.LIST_LIMIT) {
                firstPurls.add(purl);
            } else if (byCodePoint(purl, firstPurls.last()) < 0) {
                firstPurls.add(purl);
                firstPurls.pollLast();
            }
        }
        versions.add(new SbomRows.VersionRow(versionId, packageId, c.purl().version(), c.purl().qualifiers(),
                c.purl().versionPurl(), c.hashes().isEmpty() ? null : write(c.hashes()),
                c.licenses().isEmpty() ? null : write(c.licenses()), c.supplier()));
        if (versions.size() >= WRITE_CHUNK) {
            flushVersions();
        }
    }

    @Override
    public void dependency(String ref, List<String> dependsOn) {
        if (ref.equals(rootRef)) {
            graphKnown = true;
        }
        if (count == 0 && !dependsOn.isEmpty()) {
            deferred.add(Map.entry(ref, dependsOn)); // the graph came before the components: resolved at the end
            return;
        }
        resolve(ref, dependsOn);
    }

    private void resolve(String ref, List<String> dependsOn) {
        boolean fromRoot = ref.equals(rootRef);
        Integer from = byRef.get(ref);
        for (String to : dependsOn) {
            Integer target = byRef.get(to);
            if (target == null) {
                continue;
            }
            if (fromRoot) {
                direct.set(target);
            } else if (from != null && !from.equals(target)) {
                if (edgeCount == edges.length) {
                    edges = Arrays.copyOf(edges, edges.length * 2);
                }
                edges[edgeCount++] = ((long) from << 32) | target;
            }
        }
    }

    /** Writes what is left after the document was read; then the snapshot row can be written. */
    void finishComponents() {
        flushVersions();
        awaitWrites(0);
        for (Map.Entry<String, List<String>> entry : deferred) {
            resolve(entry.getKey(), entry.getValue());
        }
        deferred.clear();
        byRef.clear();
        byVersion.clear();
        if (firstPackages != null) {
            packageCount = firstPackages.size();
            firstPackages.clear();
        }
        Arrays.sort(edges, 0, edgeCount);
        int unique = 0;
        for (int i = 0; i < edgeCount; i++) {
            if (unique == 0 || edges[unique - 1] != edges[i]) {
                edges[unique++] = edges[i];
            }
        }
        edgeCount = unique;
    }

    /**
     * Writes the usages and edges of the (already inserted) snapshot, in the order of their keys
     * (by version id, as PostgreSQL orders UUIDs): each chunk then lands in a few neighbouring
     * index pages instead of one page per row, which is most of the cost of a large snapshot on
     * H2 (whose pages are copied on write) and saves PostgreSQL most of its page writes.
     */
    void writeUsagesAndEdges(SnapshotRow snapshot) {
        int[] order = keyOrder();
        int[] rank = new int[count];
        for (int i = 0; i < count; i++) {
            rank[order[i]] = i;
        }
        List<SbomRows.UsageRow> usages = new ArrayList<>(CHUNK);
        for (int i = 0; i < count; i++) {
            int index = order[i];
            usages.add(new SbomRows.UsageRow(versionId(index), relationship(index), SCOPES[scopes[index]]));
            if (usages.size() == CHUNK) {
                checkCancelled();
                sboms.insertUsages(tx, snapshot, usages);
                usages.clear();
            }
        }
        sboms.insertUsages(tx, snapshot, usages);
        for (int i = 0; i < edgeCount; i++) {
            edges[i] = ((long) rank[(int) (edges[i] >>> 32)] << 32) | rank[(int) edges[i]];
        }
        Arrays.sort(edges, 0, edgeCount);
        List<SbomRows.EdgeRow> rows = new ArrayList<>(CHUNK);
        for (int i = 0; i < edgeCount; i++) {
            rows.add(new SbomRows.EdgeRow(versionId(order[(int) (edges[i] >>> 32)]), versionId(order[(int) edges[i]])));
            if (rows.size() == CHUNK) {
                checkCancelled();
                sboms.insertEdges(tx, snapshot, rows);
                rows.clear();
            }
        }
        sboms.insertEdges(tx, snapshot, rows);
    }

    /**
     * The components' indexes ordered by version id as PostgreSQL orders UUIDs (unsigned, most
     * significant bits first), to the first 42 bits: enough for neighbouring keys (the order only
     * has to keep neighbours together, so a database that orders UUIDs otherwise loses speed, not
     * correctness), and each sort key fits one long with its index (up to 2^22 components).
     */
    private int[] keyOrder() {
        if (count > (1 << 22)) {
            int[] identity = new int[count];
            Arrays.setAll(identity, i -> i);
            return identity;
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((ids[2 * i] >>> 22) << 22 | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) ((keys[i] ^ Long.MIN_VALUE) & ((1 << 22) - 1));
        }
        return order;
    }

    /** UUIDs as PostgreSQL orders them: unsigned, most significant bits first. */
    private static int compareIds(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** How long reading the document waited for the writer of packages and versions. */
    long waitedMillis() {
        return waitedNanos / 1_000_000;
    }

    /** A first snapshot's distinct packages (see the constructor). */
    int packageCount() {
        return packageCount;
    }

    /** A first snapshot's first package purls, by code point (PostgreSQL's C collation; the diff query's order). */
    List<String> firstPackagePurls() {
        return List.copyOf(firstPurls);
    }

    /**
     * Orders strings by Unicode code point, as PostgreSQL's C collation orders their UTF-8 bytes (H2
     * compares UTF-16 units: the two differ only between characters above U+FFFF and U+E000–U+FFFF).
     */
    static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    int components() {
        return count;
    }

    int edges() {
        return edgeCount;
    }

    boolean graphKnown() {
        return graphKnown;
    }

    int direct() {
        return graphKnown ? direct.cardinality() : 0;
    }

    String relationship(int index) {
        if (!graphKnown) {
            return "unknown";
        }
        return direct.get(index) ? "direct" : "transitive";
    }

    private UUID versionId(int index) {
        return new UUID(ids[2 * index], ids[2 * index + 1]);
    }

    private void flushVersions() {
        checkCancelled();
        awaitWrites(IN_FLIGHT - 1);
        if (!versions.isEmpty()) {
            // both in key order: neighbouring rows land in neighbouring index pages
            List<SbomRows.PackageRow> packageRows = new ArrayList<>(packages.values());
            packageRows.sort((a, b) -> compareIds(a.id(), b.id()));
            List<SbomRows.VersionRow> versionRows = new ArrayList<>(versions);
            versionRows.sort((a, b) -> compareIds(a.id(), b.id()));
            written.add(writer.submit(() -> db.inLightTransaction(own -> {
                sboms.insertPackagesAndVersions(own, packageRows, versionRows, now);
                return null;
            })));
        }
        packages.clear();
        versions.clear();
    }

    /** Waits until at most {@code pending} chunks are still being written; rethrows a write's failure. */
    private void awaitWrites(int pending) {
        while (written.size() > pending || (!written.isEmpty() && written.peekFirst().isDone())) {
            Future<?> first = written.pollFirst();
            long waiting = System.nanoTime();
            try {
                first.get();
                waitedNanos += System.nanoTime() - waiting;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IngestionCancelledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Stops the writer; a chunk it is writing is abandoned with its own transaction (shared, idempotent rows). */
    @Override
    public void close() {
        writer.shutdownNow();
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new IngestionCancelledException();
        }
    }

    private static byte scope(String scope) {
        for (byte i = 1; i < SCOPES.length; i++) {
            if (SCOPES[i].equals(scope)) {
                return i;
            }
        }
        return 0;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
