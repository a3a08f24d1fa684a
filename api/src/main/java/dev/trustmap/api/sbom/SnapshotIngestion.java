package dev.trustmap.api.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 */
final class SnapshotIngestion implements SbomHandler {
    static final int CHUNK = 2_000;
    private static final String[] SCOPES = {null, "required", "optional", "excluded"};

    private final Tx tx;
    private final dev.trustmap.database.platform.Database db;
    private final SbomRepository sboms;
    private final ObjectMapper json;
    private final OffsetDateTime now;
    private final BooleanSupplier cancelled;

    private final Map<String, SbomRows.PackageRow> packages = new LinkedHashMap<>();
    private final List<SbomRows.VersionRow> versions = new ArrayList<>(CHUNK);
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

    SnapshotIngestion(dev.trustmap.database.platform.Database db, Tx tx, SbomRepository sboms, ObjectMapper json, OffsetDateTime now,
                      BooleanSupplier cancelled) {
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
        versions.add(new SbomRows.VersionRow(versionId, packageId, c.purl().version(), c.purl().qualifiers(),
                c.purl().versionPurl(), c.hashes().isEmpty() ? null : write(c.hashes()),
                c.licenses().isEmpty() ? null : write(c.licenses()), c.supplier()));
        if (versions.size() >= CHUNK) {
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
        for (Map.Entry<String, List<String>> entry : deferred) {
            resolve(entry.getKey(), entry.getValue());
        }
        deferred.clear();
        byRef.clear();
        byVersion.clear();
        Arrays.sort(edges, 0, edgeCount);
        int unique = 0;
        for (int i = 0; i < edgeCount; i++) {
            if (unique == 0 || edges[unique - 1] != edges[i]) {
                edges[unique++] = edges[i];
            }
        }
        edgeCount = unique;
    }

    /** Writes the usages and edges of the (already inserted) snapshot. */
    void writeUsagesAndEdges(SnapshotRow snapshot) {
        List<SbomRows.UsageRow> usages = new ArrayList<>(CHUNK);
        for (int i = 0; i < count; i++) {
            usages.add(new SbomRows.UsageRow(versionId(i), relationship(i), SCOPES[scopes[i]]));
            if (usages.size() == CHUNK) {
                checkCancelled();
                sboms.insertUsages(tx, snapshot, usages);
                usages.clear();
            }
        }
        sboms.insertUsages(tx, snapshot, usages);
        List<SbomRows.EdgeRow> rows = new ArrayList<>(CHUNK);
        for (int i = 0; i < edgeCount; i++) {
            rows.add(new SbomRows.EdgeRow(versionId((int) (edges[i] >>> 32)), versionId((int) edges[i])));
            if (rows.size() == CHUNK) {
                checkCancelled();
                sboms.insertEdges(tx, snapshot, rows);
                rows.clear();
            }
        }
        sboms.insertEdges(tx, snapshot, rows);
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
        if (!versions.isEmpty()) {
            List<SbomRows.PackageRow> packageRows = new ArrayList<>(packages.values());
            List<SbomRows.VersionRow> versionRows = new ArrayList<>(versions);
            db.inLightTransaction(own -> {
                sboms.insertPackagesAndVersions(own, packageRows, versionRows, now);
                return null;
            });
        }
        packages.clear();
        versions.clear();
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
