package dev.trustmap.api.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.database.contract.GraphRepository;
import dev.trustmap.database.contract.GraphRows;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the incident graph snapshot current. It is rebuilt at once after a write in this
 * process ({@link #changed()}), and every {@code pollInterval} when the database's change marker
 * moved (a write in another replica). Each snapshot is also saved to disk, and a start reads the
 * saved one first. When the database is unreachable the last snapshot keeps answering, marked
 * as such.
 */
public final class IncidentGraphJob {
    /** How far back recent changes are kept in the snapshot (lookups may ask for up to this window). */
    public static final Duration CHANGE_HORIZON = Duration.ofDays(7);
    /** Rebuilt at least this often even without topology changes, so recent SBOM uploads show up. */
    public static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(IncidentGraphJob.class);

    private final Database db;
    private final GraphRepository graphs;
    private final ContractRepository contracts;
    private final ObjectMapper json;
    private final Path file;
    private final Clock clock;
    private final Duration pollInterval;
    private final Timer rebuildTimer;
    private final AtomicReference<IncidentGraph> current = new AtomicReference<>(IncidentGraph.empty());
    private volatile boolean databaseReachable;
    private volatile boolean hasSnapshot;
    private volatile boolean running;
    private final Object signal = new Object();
    private boolean pending;
    private Thread thread;

    public IncidentGraphJob(Database db, GraphRepository graphs, ContractRepository contracts, ObjectMapper json,
                            Path file, Clock clock, Duration pollInterval, MeterRegistry metrics) {
        this.db = db;
        this.graphs = graphs;
        this.contracts = contracts;
        this.json = json;
        this.file = file;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.rebuildTimer = Timer.builder("trustmap_incident_graph_rebuild").description("Time to rebuild the incident graph snapshot")
                .register(metrics);
        metrics.gauge("trustmap_incident_graph_age_seconds", this,
                job -> Duration.between(job.graph().builtAt(), Instant.now(clock)).toMillis() / 1000.0);
    }

    public IncidentGraph graph() {
        return current.get();
    }

    /**
     * The graph to answer a lookup from; {@code 503} when there is none at all (the database has
     * not been reached since the start and no snapshot was saved before).
     */
    public IncidentGraph requireGraph() {
        if (!hasSnapshot) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "No incident graph yet: the database has not been reached"
                    + " since the start and no snapshot of the graph was saved before", List.of(), Map.of("Retry-After", "5"));
        }
        return current.get();
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    /** Loads the saved snapshot (if any), builds a fresh one, and starts watching for changes. */
    public void start() {
        if (!hasSnapshot) {
            loadSaved();
        }
        try {
            rebuild();
        } catch (DatabaseUnavailableException e) {
            databaseReachable = false;
            LOG.warn("Incident graph served from the saved snapshot: {}", e.getMessage());
        }
        running = true;
        thread = new Thread(this::loop, "incident-graph");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the loop and waits for a rebuild in progress, so the database is never closed under it. */
    public void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Called after a committed write that changes the topology: rebuilds in the caller's thread,
     * so the writer's next lookup already sees its change; if that fails, the background loop
     * tries again.
     */
    public void changed() {
        try {
            rebuild();
        } catch (RuntimeException e) {
            LOG.warn("Incident graph rebuild after a change failed ({}); retrying in the background", e.getMessage());
            synchronized (signal) {
                pending = true;
                signal.notifyAll();
            }
        }
    }

    /** Rebuilds now, in the caller's thread. A snapshot never replaces a newer one. */
    public synchronized IncidentGraph rebuild() {
        long started = System.nanoTime();
        GraphRows rows = db.inTransaction(tx -> graphs.load(tx, OffsetDateTime.now(clock).minus(CHANGE_HORIZON)));
        IncidentGraph graph = new IncidentGraph(rows, Instant.now(clock));
        current.set(graph);
        hasSnapshot = true;
        databaseReachable = true;
        rebuildTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        save(rows, graph.builtAt());
        return graph;
    }

    private void loop() {
        while (running) {
            boolean requested;
            synchronized (signal) {
                if (!pending) {
                    try {
                        signal.wait(pollInterval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                requested = pending;
                pending = false;
            }
            if (!running) {
                return;
            }
            try {
                boolean old = Duration.between(current.get().builtAt(), Instant.now(clock)).compareTo(MAX_AGE) > 0;
                if (requested || old || db.inTransaction(contracts::changeVersion) != current.get().changeVersion()) {
                    rebuild();
                } else {
                    databaseReachable = true;
                }
            } catch (DatabaseUnavailableException e) {
                if (databaseReachable) {
                    LOG.warn("Database unreachable; incident lookups answer from the snapshot built at {}", current.get().builtAt());
                }
                databaseReachable = false;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("Incident graph rebuild failed; keeping the previous snapshot", e);
                }
            }
        }
    }

    /** The saved form: the rows and when they were read. */
    public record Saved(Instant builtAt, GraphRows rows) {
    }

    private void save(GraphRows rows, Instant builtAt) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), new Saved(builtAt, rows));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not save the incident graph snapshot to {}: {}", file, e.getMessage());
        }
    }

    /**
     * Reads the snapshot saved by the last run, if there is one (a start whose database is
     * unreachable answers lookups from it until the database is back).
     */
    public void loadSaved() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            Saved saved = json.readValue(file.toFile(), Saved.class);
            current.set(new IncidentGraph(saved.rows(), saved.builtAt()));
            hasSnapshot = true;
            LOG.info("Incident graph snapshot of {} read from {}", saved.builtAt(), file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable incident graph snapshot {}: {}", file, e.getMessage());
        }
    }
}
