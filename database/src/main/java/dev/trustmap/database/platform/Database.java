package dev.trustmap.database.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence adapter's entry point: a connection pool, Flyway migrations and the
 * EclipseLink persistence unit over the same pool. Use cases run through
 * {@link #inTransaction(Function)}; nothing else opens connections.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * PostgreSQL: admin shutdown, crash shutdown, cannot connect now, disk full, out of memory,
     * read-only transaction; H2: database closed, called at shutdown, connection broken.
     */
    private static final java.util.Set<String> UNAVAILABLE_STATES = java.util.Set.of("57P01", "57P02", "57P03", "53100", "53200",
            "25006", "90098", "90121", "90067");
    private static final int H2_GENERAL_ERROR = 50000;

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private volatile EntityManagerFactory emf;
    private volatile DatabaseHealth health;
    /** Set once {@link #migrate()} succeeded: until then every transaction fails at once. */
    private volatile boolean ready;

    private Database(DatabaseSettings settings, HikariDataSource dataSource, EntityManagerFactory emf) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.emf = emf;
    }

    /** Opens the pool, applies pending migrations and starts the persistence unit. */
    public static Database open(DatabaseSettings settings) {
        Database db = connect(settings);
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens the pool and the persistence unit without migrating and without connecting: the caller
     * runs {@link #migrate()} (the portal does it while it builds everything else, and again until
     * it succeeds when the database is unreachable at start). Until it returns, every transaction
     * fails at once with {@link DatabaseUnavailableException}.
     */
    public static Database connect(DatabaseSettings settings) {
        HikariDataSource dataSource = dataSource(settings);
        try {
            return new Database(settings, dataSource, entityManagerFactory(dataSource, settings));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Starts watching whether the database can write (after migrations). From then on,
     * {@link #isReachable()} answers from the last probe and transactions fail at once while the
     * database is down.
     */
    public synchronized void watchHealth(String node, java.time.Duration every) {
        if (health == null) {
            health = new DatabaseHealth(dataSource, settings.isPostgres(), node, every);
        }
    }

    /**
     * Applies pending migrations and deploys the persistence unit; from then on transactions run.
     * A database that cannot be reached fails with {@link DatabaseUnavailableException} (and can be
     * migrated again later); anything else (wrong password, a failed migration) with the
     * underlying error.
     */
    public synchronized void migrate() {
        if (ready) {
            return;
        }
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            String refused = refusal(e);
            if (refused != null) {
                throw new IllegalStateException("Cannot use the database at " + settings.url() + ": " + refused, e);
            }
            throw translate(e);
        }
        try {
            inOneTransaction(tx -> null, false); // deploys the persistence unit here, not on the first request
        } catch (RuntimeException e) {
            // a deployment that failed half-way is not tried again by EclipseLink: start a fresh unit
            EntityManagerFactory failed = emf;
            emf = entityManagerFactory(dataSource, settings);
            failed.close();
            throw e;
        }
        ready = true;
    }

    /**
     * The server's answer when it was reached but refused us (login failed, no such database, no
     * permission): a configuration error that waiting does not cure. {@code null} otherwise.
     */
    private static String refusal(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("28") || sql.getSQLState().startsWith("3D") || sql.getSQLState().equals("42501"))) {
                return sql.getMessage();
            }
        }
        return null;
    }

    /** Whether {@link #migrate()} has succeeded. */
    public boolean isMigrated() {
        return ready;
    }

    static HikariDataSource dataSource(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeoutMillis());
        config.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeoutMillis(), 2_000)));
        // never connect at construction: an unreachable database is found (and waited for) by migrate()
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        config.setPoolName("trustmap");
        if (settings.isPostgres()) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("stringtype", "unspecified");
            config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeoutMillis() / 1000)));
            config.addDataSourceProperty("ApplicationName", "trustmap");
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("Cannot connect to the database at " + settings.url()
                    + ": " + rootMessage(e), e);
        }
    }

    static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:dev/trustmap/database/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Applied {} database migration(s); schema is at version {}", result.migrationsExecuted, result.targetSchemaVersion);
        }
    }

    private static EntityManagerFactory entityManagerFactory(DataSource dataSource, DatabaseSettings settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
        properties.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        // one wait for a connection per call (the pool's connect timeout), not EclipseLink's own retries on top
        properties.put("eclipselink.session.customizer", SingleAttemptCustomizer.class.getName());
        properties.put("eclipselink.target-database", settings.isPostgres()
                ? "org.eclipse.persistence.platform.database.PostgreSQLPlatform"
                : "org.eclipse.persistence.platform.database.H2Platform");
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("trustmap", properties);
        if (emf == null) {
            throw new IllegalStateException("The persistence unit 'trustmap' was not found on the class path");
        }
        return emf;
    }

    /**
     * Runs {@code work} in one transaction and commits it; any exception rolls everything back.
     * Connection failures surface as {@link DatabaseUnavailableException}.
     *
     * <p>A transaction that loses a race to a concurrent one — a unique key the other committed
     * first, a deadlock, a serialization failure — is rolled back and run again from the start
     * (up to {@link #MAX_ATTEMPTS} times, with a short random pause), so it sees what the winner
     * wrote: a create-or-update then updates or finds nothing to do, a plain create finds the
     * duplicate and refuses it. {@code work} must therefore only touch the database (or do
     * things that are harmless to repeat). When every attempt loses, {@link ConcurrentWriteException}.
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        return inTransaction(work, true);
    }

    /**
     * Like {@link #inTransaction(Function)}, but on H2 the commit is not forced to the file before
     * it returns: for shared, idempotent rows whose loss in a crash a retry repairs (the commit that
     * completes the work forces everything committed before it to the file too).
     */
    public <T> T inLightTransaction(Function<Tx, T> work) {
        return inTransaction(work, false);
    }

    private <T> T inTransaction(Function<Tx, T> work, boolean durable) {
        if (!ready) {
            throw new DatabaseUnavailableException("The database has not been reached since the start", null);
        }
        DatabaseHealth watched = health;
        if (watched != null && !watched.isUp()) {
            throw new DatabaseUnavailableException("The database is unreachable (since " + watched.since() + "): "
                    + watched.reason(), null);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(work, durable);
            } catch (RuntimeException e) {
                if (!isLostRace(e)) {
                    throw e;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ConcurrentWriteException("Lost to concurrent writers " + attempt + " times: " + rootMessage(e), e);
                }
                LOG.debug("Transaction lost a race ({}); running it again", rootMessage(e));
                pause(attempt);
            }
        }
    }

    /** How often a transaction that lost a race is run at most. */
    static final int MAX_ATTEMPTS = 8;

    /**
     * SQLSTATEs of a transaction that lost to a concurrent one: unique violation, serialization
     * failure (and H2's deadlock), PostgreSQL's deadlock, H2's concurrent update of one row.
     */
    static boolean isLostRace(Throwable e) {
        if (e instanceof DatabaseUnavailableException) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                if (sql.getSQLState() != null) {
                    switch (sql.getSQLState()) {
                        case "23505", "40001", "40P01", "90131":
                            return true;
                        default:
                            break;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L + 10L * attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ConcurrentWriteException("Interrupted while waiting to run a transaction again", interrupted);
        }
    }

    private <T> T inOneTransaction(Function<Tx, T> work, boolean durable) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction transaction = em.getTransaction();
        try {
            transaction.begin();
            Connection connection = em.unwrap(Connection.class);
            T result = work.apply(new Tx(em, connection, settings.isPostgres()));
            boolean wrote = durable && !settings.isPostgres() && wroteSomething(em, connection);
            try {
                transaction.commit();
            } catch (RuntimeException commitFailure) {
                RuntimeException translated = translate(commitFailure);
                if (translated instanceof DatabaseUnavailableException) {
                    throw new DatabaseUnavailableException(translated.getMessage(), commitFailure, true);
                }
                throw commitFailure;
            }
            if (wrote) {
                writeToDisk();
            }
            return result;
        } catch (RuntimeException e) {
            if (transaction.isActive()) {
                try {
                    transaction.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw translate(e);
        } finally {
            em.close();
        }
    }

    /**
     * H2 only: whether this transaction changed anything (its pending entity changes flushed first).
     * H2 reports a transaction id only for a transaction with uncommitted changes.
     */
    private static boolean wroteSomething(EntityManager em, Connection connection) {
        em.flush();
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT TRANSACTION_ID()")) {
            return rs.next() && rs.getObject(1) != null;
        } catch (SQLException e) {
            throw new DataAccessException("Checking the transaction failed", e);
        }
    }

    /**
     * H2 only: writes what was committed to the database file before the commit is reported. H2
     * commits to memory and writes in the background (up to a second later: a crash in between loses
     * a commit that was reported as done); its background writer also keeps a large transaction's
     * pages from piling up in memory, which is why it stays on and this runs after each writing commit.
     * PostgreSQL commits are durable when they return.
     */
    private void writeToDisk() {
        try (Connection connection = dataSource.getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw translate(new DataAccessException("The committed change could not be written to disk", e));
        }
    }

    /**
     * Whether the database can be used: the last health probe's answer once {@link #watchHealth}
     * runs (at once, never waiting for the database), before that a connection answering a trivial
     * query within the connect timeout.
     */
    public boolean isReachable() {
        if (!ready) {
            return false;
        }
        DatabaseHealth watched = health;
        if (watched != null) {
            return watched.isUp();
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public boolean isPostgres() {
        return settings.isPostgres();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof DatabaseUnavailableException) {
            return e;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                    || (cause instanceof SQLException sql2 && UNAVAILABLE_STATES.contains(sql2.getSQLState()))
                    || (cause instanceof SQLException sql3 && sql3.getErrorCode() == H2_GENERAL_ERROR
                        && String.valueOf(sql3.getMessage()).contains("MVStoreException"))) {
                return new DatabaseUnavailableException("The database is unreachable: " + rootMessage(cause), e);
            }
        }
        return e;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        try {
            emf.close();
        } finally {
            dataSource.close();
        }
    }
}
