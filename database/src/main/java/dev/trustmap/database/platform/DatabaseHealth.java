package dev.trustmap.database.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can write, known without asking it on the caller's time: a background
 * probe writes this process's row in {@code health_probe} every second (with the pool's connect
 * timeout, and on PostgreSQL a one-second statement timeout). Readiness reads the last result at once, and while
 * the database is down every transaction fails at once instead of waiting for a connection, so
 * what does not need the database (incident lookups from the in-memory graph, tokens checked
 * recently, metrics) stays as fast as ever. The first successful probe after an outage lets
 * everything through again: recovery needs no restart.
 */
public final class DatabaseHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);

    private final DataSource dataSource;
    private final String node;
    private final boolean postgres;
    private final ScheduledExecutorService probe;
    private volatile boolean up = true;
    private volatile String reason = "";
    private volatile Instant since = Instant.now();

    DatabaseHealth(DataSource dataSource, boolean postgres, String node, Duration every) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.node = node;
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "database-health");
            thread.setDaemon(true);
            return thread;
        });
        probe.scheduleWithFixedDelay(this::probe, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isUp() {
        return up;
    }

    /** Why the last probe failed (empty while up). */
    public String reason() {
        return reason;
    }

    /** Since when the current state holds. */
    public Instant since() {
        return since;
    }

    void probe() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            // on H2 a statement's query timeout is the session's, and would stay on the pooled connection
            int timeout = postgres ? 1 : 0;
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement update = connection.prepareStatement("UPDATE health_probe SET probed_at = ? WHERE node = ?")) {
                update.setQueryTimeout(timeout);
                update.setObject(1, now);
                update.setString(2, node);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO health_probe (node, probed_at) VALUES (?, ?)")) {
                        insert.setQueryTimeout(timeout);
                        insert.setString(1, node);
                        insert.setObject(2, now);
                        insert.executeUpdate();
                    }
                }
            }
            mark(true, "");
        } catch (SQLException | RuntimeException e) {
            mark(false, Database.rootMessage(e));
        }
    }

    private void mark(boolean nowUp, String why) {
        if (nowUp != up) {
            since = Instant.now();
            if (nowUp) {
                LOG.info("The database can write again");
            } else {
                LOG.warn("The database cannot write: {}", why);
            }
        }
        reason = why;
        up = nowUp;
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}
