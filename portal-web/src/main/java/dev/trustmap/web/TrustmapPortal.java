package dev.trustmap.web;

import dev.trustmap.api.platform.config.ConfigException;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar trustmap-portal.jar}: read the configuration, start the portal, stop it on SIGTERM. */
public final class TrustmapPortal {
    private TrustmapPortal() {
    }

    /** The first line of a failure's message, for a one-line error (its kind when it has no message). */
    static String firstLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(TrustmapPortal.class);
        TrustmapConfig config;
        try {
            config = TrustmapConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("trustmap: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length == 1 && args[0].equals("bootstrap-admin")) {
            System.exit(RecoveryCommand.run(config, Clock.systemUTC(), System.out, System.err));
            return;
        } else if (args.length > 0) {
            System.err.println("trustmap: unknown arguments " + String.join(" ", args)
                    + "; usage: java -jar trustmap-portal.jar [bootstrap-admin]");
            System.exit(2);
            return;
        }
        Portal portal;
        try {
            portal = Portal.start(config, Clock.systemUTC());
        } catch (DatabaseUnavailableException e) {
            System.err.println("trustmap: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("trustmap: cannot start: " + firstLine(e));
            log.debug("Start-up failure", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping (finishing in-flight requests, up to {} s)", config.shutdownGraceSeconds());
            portal.close();
            log.info("Stopped");
        }, "shutdown"));
        if (!portal.connection().isDone()) {
            log.info("Trustmap started without its database on http://{}:{} in {} ms: incident lookups answer from the saved"
                    + " snapshot; everything else answers 503 until the database is reached", config.httpHost(), portal.port(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        portal.connection().whenComplete((bootstrap, failure) -> {
            if (failure != null) {
                System.err.println("trustmap: cannot use the database: " + failure.getMessage());
                System.exit(1);
                return;
            }
            bootstrap.ifPresent(token -> System.out.println("""

                    ============================================================================
                    Trustmap bootstrap admin API token (shown once, store it now):

                        %s

                    Use it as 'Authorization: Bearer <token>' and create personal and CI tokens
                    with POST /api/v1/tokens. It is not stored anywhere in readable form.
                    ============================================================================
                    """.formatted(token)));
            log.info("Trustmap ready on http://{}:{} ({} database) in {} ms", config.httpHost(), portal.port(),
                    config.embeddedDatabase() ? "embedded H2 at " + config.dataDir()
                            : config.database().isPostgres() ? "PostgreSQL" : "H2",
                    (System.nanoTime() - started) / 1_000_000);
        });
    }
}
