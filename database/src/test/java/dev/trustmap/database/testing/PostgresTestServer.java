package dev.trustmap.database.testing;

import dev.trustmap.database.platform.DatabaseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started by the test harness itself from Debian's
 * {@code postgresql} package: {@code initdb} into a fresh folder under the system temp folder,
 * {@code pg_ctl start} on a free port, and {@code pg_ctl stop} when the JVM exits. When run as
 * root the server runs as the {@code postgres} user (PostgreSQL refuses root). One server per
 * test JVM; each test class takes its own database from {@link #newDatabase()}.
 *
 * <p>{@code TRUSTMAP_TEST_PG_URL} (+ {@code _USER}, {@code _PASSWORD}) points the tests at an
 * already running server instead; {@link #stop()} and {@link #start()} then are not available.
 */
public final class PostgresTestServer {
    private static PostgresTestServer instance;

    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final boolean owned;

    private PostgresTestServer(Path dataDir, Path binDir, int port, String adminUrl, String user, String password, boolean owned) {
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.owned = owned;
    }

    public static synchronized PostgresTestServer get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static PostgresTestServer create() {
        String external = System.getenv("TRUSTMAP_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return new PostgresTestServer(null, null, -1, external,
                    System.getenv().getOrDefault("TRUSTMAP_TEST_PG_USER", "postgres"),
                    System.getenv().getOrDefault("TRUSTMAP_TEST_PG_PASSWORD", ""), false);
        }
        try {
            Path binDir = findBinaries();
            // under the system temp folder, not the checkout: the postgres user must be able to reach it
            Path dataDir = Files.createTempDirectory("trustmap-test-pg-");
            int port = freePort();
            PostgresTestServer server = new PostgresTestServer(dataDir, binDir, port,
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "trustmap", "", true);
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()));
            }
            server.asServerUser(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(),
                    "-A", "trust", "-U", "trustmap", "-E", "UTF8", "--no-sync", "--locale=C"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stopQuietly();
                deleteQuietly(dataDir);
            }, "postgres-test-stop"));
            return server;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not start the test PostgreSQL server (Debian package 'postgresql' "
                    + "must be installed; .ci/run installs it): " + e.getMessage(), e);
        }
    }

    /** Starts (or restarts) the server and waits until it accepts connections. */
    public synchronized void start() {
        requireOwned();
        try {
            asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    "start"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("pg_ctl start failed: " + e.getMessage(), e);
        }
    }

    /** Stops the server immediately (fast shutdown: open connections are cut). */
    public synchronized void stop() {
        requireOwned();
        try {
            asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                    "-m", "fast", "-w", "stop"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("pg_ctl stop failed: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a leftover temp folder is harmless
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // already stopped
        }
    }

    /** Creates an empty database and returns settings that reach it. */
    public DatabaseSettings newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database: " + e.getMessage(), e);
        }
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        return new DatabaseSettings(url, user, password, 8, 3_000);
    }

    public boolean owned() {
        return owned;
    }

    private void requireOwned() {
        if (!owned) {
            throw new IllegalStateException("The test PostgreSQL server is external (TRUSTMAP_TEST_PG_URL); it cannot be stopped by tests");
        }
    }

    private void asServerUser(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("/usr/lib/postgresql not found");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
