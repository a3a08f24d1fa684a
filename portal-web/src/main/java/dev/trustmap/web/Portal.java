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
    private final Optional<String> bootstrapToken;
    private boolean stopped;

    private Portal(TrustmapConfig config, Database db, TrustmapApi api, Server server, Optional<String> bootstrapToken) {
        this.config = config;
        this.db = db;
        this.api = api;
        this.server = server;
        this.bootstrapToken = bootstrapToken;
    }

    public static Portal start(TrustmapConfig config, Clock clock) throws Exception {
        if (config.embeddedDatabase()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the data folder " + config.dataDir(), e);
            }
        }
        Database db = Database.connect(config.database());
        TrustmapApi api = null;
        Server server = null;
        try {
            // migrations run while the API and the HTTP server are built and started (two cores, two
            // jobs); until the portal is open every request but /health/live is answered 503
            CompletableFuture<Void> migration = new CompletableFuture<>();
            Thread migrator = new Thread(() -> {
                try {
                    db.migrate();
                    db.inTransaction(tx -> null); // deploys the persistence unit here, not on the first request
                    migration.complete(null);
                } catch (RuntimeException | Error e) {
                    migration.completeExceptionally(e);
                }
            }, "migrations");
            migrator.setDaemon(true);
            migrator.start();
            api = new TrustmapApi(config, db, clock);
            api.resourceConfig().register(new HomePage());
            server = server(config, api);
            server.start();
            try {
                migration.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            Optional<String> bootstrap = api.bootstrap();
            api.start();
            api.open();
            return new Portal(config, db, api, server, bootstrap);
        } catch (Exception | Error e) {
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

    private static Server server(TrustmapConfig config, TrustmapApi api) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // purls hold percent-escapes, so a purl in a path holds %25XX: allowed (Jersey decodes each
        // segment once); encoded slashes, dot segments and empty segments stay refused
        http.setUriCompliance(UriCompliance.DEFAULT.with("trustmap", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)
                .without("trustmap", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
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
        GracefulHandler graceful = new GracefulHandler(context);
        server.setHandler(graceful);
        server.setStopTimeout(Duration.ofSeconds(config.shutdownGraceSeconds()).toMillis());
        server.setStopAtShutdown(false);
        return server;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The bootstrap admin token's secret, present only on the start that created it. */
    public Optional<String> bootstrapToken() {
        return bootstrapToken;
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
