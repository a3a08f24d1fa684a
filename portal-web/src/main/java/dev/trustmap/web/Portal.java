package dev.trustmap.web;

import dev.trustmap.api.TrustmapApi;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.database.platform.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running portal: database, API (with its background workers) and the HTTP server. Started
 * by {@link TrustmapPortal#main} and, on a random port, by the whole-application tests.
 */
public final class Portal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Portal.class);

    private final TrustmapConfig config;
    private final Database db;
    private final TrustmapApi api;
    private final Server server;
    private final Connector connector;
    private final CompletableFuture<Optional<String>> connection = new CompletableFuture<>();
    private boolean stopped;

    private Portal(TrustmapConfig config, Database db, TrustmapApi api, Server server, Connector connector) {
        this.config = config;
        this.db = db;
        this.api = api;
        this.server = server;
        this.connector = connector;
    }

    public static Portal start(TrustmapConfig config, Clock clock) throws Exception {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            if (config.embeddedDatabase()) {
                throw new UncheckedIOException("Cannot create the data folder " + config.dataDir(), e);
            }
            LOG.warn("Cannot create the data folder {} ({}): no incident graph snapshot or token cache survives a restart",
                    config.dataDir(), e.getMessage());
        }
        Database db = Database.connect(config.database());
        TrustmapApi api = null;
        Server server = null;
        Connector connector = null;
        try {
            // migrations run while the API and the HTTP server are built and started (two cores, two
            // jobs); until the portal is open, only health, metrics and incident lookups (from the
            // saved snapshot) are answered, everything else 503
            connector = new Connector(db, !config.embeddedDatabase());
            connector.start();
            api = new TrustmapApi(config, db, clock);
            api.resourceConfig().register(new HomePage());
            server = server(config, api);
            server.start();
            // while the first migration runs (or fails), incident lookups answer from the saved snapshot
            api.startWithoutDatabase();
            Portal portal = new Portal(config, db, api, server, connector);
            if (connector.firstAttempt()) {
                portal.connected(api.bootstrap());
            } else {
                LOG.warn("{}; incident lookups answer from the saved snapshot until it is reached (tried every {} s)",
                        connector.lastFailure(), Connector.RETRY.toSeconds());
                connector.whenConnected(portal::connectedLate, portal::failedLate);
            }
            return portal;
        } catch (Exception | Error e) {
            if (connector != null) {
                connector.stop();
            }
            if (server != null) {
                try {
                    server.stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            if (api != null) {
                api.close();
            }
            db.close();
            throw e;
        }
    }

    /** Starts the workers and lets every request in: the database is migrated. */
    private synchronized void connected(Optional<String> bootstrap) {
        if (stopped) {
            return;
        }
        api.start();
        api.open();
        connection.complete(bootstrap);
    }

    /** The database was reached after the start: bootstrap, start, open (unless the portal is stopping). */
    private synchronized void connectedLate() {
        if (!stopped) {
            connected(api.bootstrap());
        }
    }

    /** Using the database failed after the start for another reason than its absence (not reported while stopping). */
    private synchronized void failedLate(Throwable failure) {
        if (!stopped) {
            connection.completeExceptionally(failure);
        }
    }

    /** The JAX-RS application as registered (the OpenAPI test compares its routes with the document). */
    org.glassfish.jersey.server.ResourceConfig resources() {
        return api.resourceConfig();
    }

    /**
     * Completes once the portal has reached and migrated its database, with the bootstrap admin
     * token's secret when that start created it; at once when the database answered at start.
     * Fails when connecting later fails for another reason than an unreachable database.
     */
    public CompletableFuture<Optional<String>> connection() {
        return connection;
    }

    /**
     * Migrates the database in its own thread; while the database is unreachable (PostgreSQL
     * only: an embedded database that cannot be opened is a configuration error) it tries again
     * every {@link #RETRY} until it succeeds or the portal stops.
     */
    private static final class Connector {
        private static final Duration RETRY = Duration.ofSeconds(2);
        private final Database db;
        private final boolean waitForDatabase;
        private final CompletableFuture<Void> first = new CompletableFuture<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Thread thread;
        private volatile boolean stopping;
        private volatile String lastFailure = "";

        Connector(Database db, boolean waitForDatabase) {
            this.db = db;
            this.waitForDatabase = waitForDatabase;
            this.thread = new Thread(this::run, "migrations");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long lastLogged = System.nanoTime();
            while (!stopping) {
                try {
                    db.migrate();
                    done.complete(null); // before first: firstAttempt() reads done once first completes
                    first.complete(null);
                    return;
                } catch (DatabaseUnavailableException e) {
                    lastFailure = e.getMessage();
                    if (!waitForDatabase) {
                        first.completeExceptionally(e);
                        done.completeExceptionally(e);
                        return;
                    }
                    first.complete(null);
                    if (System.nanoTime() - lastLogged > TimeUnit.MINUTES.toNanos(1)) {
                        LOG.warn("Still waiting for the database: {}", e.getMessage());
                        lastLogged = System.nanoTime();
                    }
                } catch (RuntimeException | Error e) {
                    first.completeExceptionally(e);
                    done.completeExceptionally(e);
                    return;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Waits for the first try; true when it migrated, false when the database was unreachable (and is retried). */
        boolean firstAttempt() throws Exception {
            try {
                first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
            return done.isDone() && !done.isCompletedExceptionally();
        }

        String lastFailure() {
            return lastFailure;
        }

        void whenConnected(Runnable connected, java.util.function.Consumer<Throwable> failed) {
            // in a thread of its own: the migrations thread ends at once, so stop() never waits for it
            done.whenCompleteAsync((ok, failure) -> {
                if (failure != null) {
                    LOG.error("Cannot use the database: {}", failure.getMessage());
                    failed.accept(failure);
                    return;
                }
                try {
                    connected.run();
                    LOG.info("Connected to the database; every API answers again");
                } catch (RuntimeException e) {
                    LOG.error("Starting after the database came back failed: {}", e.getMessage());
                    failed.accept(e);
                }
            }, task -> {
                Thread connecting = new Thread(task, "database-connected");
                connecting.setDaemon(true);
                connecting.start();
            });
        }

        void stop() {
            stopping = true;
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Server server(TrustmapConfig config, TrustmapApi api) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // purls hold percent-escapes and slashes, so a purl in a path holds %25XX, and a purl encoded
        // as one segment (pkg%3Anpm%2Fleft-pad) holds %2F: both allowed (Jersey matches the encoded
        // path and decodes each parameter once); encoded dot segments and empty segments stay refused
        http.setUriCompliance(UriCompliance.DEFAULT.with("trustmap", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.httpHost());
        connector.setPort(config.httpPort());
        server.addConnector(connector);

        ProblemErrorHandler errors = new ProblemErrorHandler();
        server.setErrorHandler(errors);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(errors);
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder("jersey", new ServletContainer(api.resourceConfig())), "/*");
        GracefulHandler graceful = new GracefulHandler(new ClientGoneHandler(context));
        server.setHandler(graceful);
        server.setStopTimeout(Duration.ofSeconds(config.shutdownGraceSeconds()).toMillis());
        server.setStopAtShutdown(false);
        return server;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * The bootstrap admin token's secret, present only on the start that created it (empty while
     * the portal waits for its database: see {@link #connection()}).
     */
    public Optional<String> bootstrapToken() {
        return connection.getNow(Optional.empty());
    }

    public TrustmapConfig config() {
        return config;
    }

    /**
     * Graceful stop: refuse new requests, let in-flight ones finish (up to the grace period),
     * let ingestion workers finish their job, then close the database.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        connector.stop();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        api.stop(Duration.ofSeconds(config.shutdownGraceSeconds()));
        api.close();
        db.close();
    }
}
