package dev.trustmap.api.platform.config;

import dev.trustmap.database.platform.DatabaseSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of the portal, read once at start from {@code TRUSTMAP_*} environment variables
 * and, when {@code TRUSTMAP_CONFIG_FILE} names one, the same keys in a properties file
 * (environment wins). Secrets also come from {@code <KEY>_FILE}. Unknown {@code TRUSTMAP_*}
 * keys, malformed numbers and out-of-range values stop start-up with a message naming the key.
 * Nothing else in the process reads the environment.
 */
public record TrustmapConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        DatabaseSettings database,
        boolean embeddedDatabase,
        long uploadMaxBytes,
        int uploadMaxComponents,
        int ingestWorkers,
        int jobLeaseSeconds,
        int waitMaxSeconds,
        int shutdownGraceSeconds,
        String bootstrapAdminToken,
        EvidenceSettings evidence,
        PolicySettings policy,
        OidcSettings oidc,
        int auditAnchorSeconds) {

    /** The JWS algorithms an OIDC access token may be signed with (asymmetric only; {@code none} and HMAC never). */
    public static final Set<String> OIDC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    /**
     * OIDC bearer tokens (null when {@code TRUSTMAP_OIDC_ISSUER_URL} is not set: API tokens only).
     *
     * @param issuer           the exact {@code iss} of the tokens (a Keycloak realm URL); discovery reads
     *                         {@code <issuer>/.well-known/openid-configuration}
     * @param clientId         the portal's client; its client roles count, and it is the default audience
     * @param clientSecret     the client's secret (for the browser sign-in; bearer tokens do not need it), or null
     * @param audience         a value the token's {@code aud} must contain
     * @param rolesClaim       dotted path of the claim listing role names ({@code realm_access.roles})
     * @param rolePrefix       only role names with this prefix count, without it ({@code ""}: names as they are)
     * @param algorithms       accepted JWS algorithms
     * @param timeoutMs        connect and read time limit of each request to the identity provider
     * @param clockSkewSeconds how far {@code exp} and {@code nbf} may be off
     */
    public record OidcSettings(String issuer, String clientId, String clientSecret, String audience, String rolesClaim,
                               String rolePrefix, Set<String> algorithms, int timeoutMs, int clockSkewSeconds) {
        @Override
        public String toString() {
            return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", audience=" + audience + ", rolesClaim=" + rolesClaim
                    + ", rolePrefix=" + rolePrefix + ", algorithms=" + algorithms + ", timeoutMs=" + timeoutMs
                    + ", clockSkewSeconds=" + clockSkewSeconds + "]";
        }
    }

    /**
     * Policy evaluation and the gate.
     *
     * @param gatePending            {@code decide} (on the evidence held) or {@code wait} (for evidence still being collected)
     * @param gatePendingWaitSeconds how long a {@code wait} gate waits at most
     * @param reevaluateSeconds      how often current snapshots are checked for changed policies, reviews, contracts or evidence
     * @param requestSeconds         wall time one request (dry run, gate) may spend evaluating policies
     * @param requestEvaluations     component × policy evaluations one request may run
     * @param concurrency            requests evaluating policies at once in this process
     * @param snapshotSeconds        wall time one stored evaluation (ingestion, re-evaluation) may spend
     * @param snapshotEvaluations    component × policy evaluations one stored evaluation may run
     */
    public record PolicySettings(String gatePending, int gatePendingWaitSeconds, int reevaluateSeconds, int requestSeconds,
                                 long requestEvaluations, int concurrency, int snapshotSeconds, long snapshotEvaluations) {
    }

    /**
     * Registry evidence collection.
     *
     * @param workers             collector threads in this process (0: collect nowhere in this process)
     * @param refreshHours        evidence older than this is collected again
     * @param mavenCentralUrl     Maven Central (or a mirror)
     * @param npmRegistryUrl      the npm registry (or a mirror)
     * @param registryConcurrency requests in flight per registry, per process
     * @param registryTimeoutMs   one request's time limit; a fetch with its retries gets three times that
     * @param sigstoreTrustedRoot a Sigstore {@code trusted_root.json} replacing the shipped one, or null
     * @param npmRegistryKeys     the npm registry's signing keys ({@code /-/npm/v1/keys}) replacing the shipped ones, or null
     */
    public record EvidenceSettings(int workers, int refreshHours, String mavenCentralUrl, String npmRegistryUrl,
                                   int registryConcurrency, int registryTimeoutMs, Path sigstoreTrustedRoot, Path npmRegistryKeys) {
    }

    /** Documented keys; the README's configuration table lists the same. */
    public static final Set<String> KEYS = Set.of(
            "TRUSTMAP_CONFIG_FILE", "TRUSTMAP_HTTP_HOST", "TRUSTMAP_HTTP_PORT", "TRUSTMAP_DATA_DIR",
            "TRUSTMAP_DB_URL", "TRUSTMAP_DB_USER", "TRUSTMAP_DB_PASSWORD", "TRUSTMAP_DB_PASSWORD_FILE",
            "TRUSTMAP_DB_POOL_SIZE", "TRUSTMAP_DB_CONNECT_TIMEOUT_MS", "TRUSTMAP_UPLOAD_MAX_BYTES",
            "TRUSTMAP_INGEST_WORKERS", "TRUSTMAP_UPLOAD_MAX_COMPONENTS", "TRUSTMAP_JOB_LEASE_SECONDS", "TRUSTMAP_WAIT_MAX_SECONDS",
            "TRUSTMAP_SHUTDOWN_GRACE_SECONDS", "TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN", "TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN_FILE",
            "TRUSTMAP_EVIDENCE_WORKERS", "TRUSTMAP_EVIDENCE_REFRESH_HOURS", "TRUSTMAP_MAVEN_CENTRAL_URL", "TRUSTMAP_NPM_REGISTRY_URL",
            "TRUSTMAP_REGISTRY_CONCURRENCY", "TRUSTMAP_REGISTRY_TIMEOUT_MS", "TRUSTMAP_SIGSTORE_TRUSTED_ROOT", "TRUSTMAP_NPM_REGISTRY_KEYS",
            "TRUSTMAP_GATE_PENDING", "TRUSTMAP_GATE_PENDING_WAIT_SECONDS", "TRUSTMAP_POLICY_REEVALUATE_SECONDS",
            "TRUSTMAP_POLICY_REQUEST_SECONDS", "TRUSTMAP_POLICY_REQUEST_EVALUATIONS", "TRUSTMAP_POLICY_CONCURRENCY",
            "TRUSTMAP_POLICY_SNAPSHOT_SECONDS", "TRUSTMAP_POLICY_SNAPSHOT_EVALUATIONS",
            "TRUSTMAP_OIDC_ISSUER_URL", "TRUSTMAP_OIDC_CLIENT_ID", "TRUSTMAP_OIDC_CLIENT_SECRET", "TRUSTMAP_OIDC_CLIENT_SECRET_FILE",
            "TRUSTMAP_OIDC_AUDIENCE", "TRUSTMAP_OIDC_ROLES_CLAIM", "TRUSTMAP_OIDC_ROLE_PREFIX", "TRUSTMAP_OIDC_ALGORITHMS",
            "TRUSTMAP_OIDC_TIMEOUT_MS", "TRUSTMAP_OIDC_CLOCK_SKEW_SECONDS", "TRUSTMAP_AUDIT_ANCHOR_SECONDS");

    public static TrustmapConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static TrustmapConfig from(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        String file = environment.get("TRUSTMAP_CONFIG_FILE");
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file)));
        }
        environment.forEach((key, value) -> {
            if (key.startsWith("TRUSTMAP_")) {
                values.put(key, value);
            }
        });
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS);
        unknown.removeIf(key -> key.startsWith("TRUSTMAP_TEST_"));
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key " + unknown.iterator().next()
                    + " (see the configuration table in the README)");
        }
        Reader reader = new Reader(values);

        String host = reader.string("TRUSTMAP_HTTP_HOST", "0.0.0.0");
        int port = reader.integer("TRUSTMAP_HTTP_PORT", 8080, 0, 65535);
        Path dataDir = Path.of(reader.string("TRUSTMAP_DATA_DIR", "trustmap-data")).toAbsolutePath().normalize();
        int poolSize = reader.integer("TRUSTMAP_DB_POOL_SIZE", 10, 1, 500);
        int connectTimeout = reader.integer("TRUSTMAP_DB_CONNECT_TIMEOUT_MS", 3_000, 250, 600_000);
        String url = reader.string("TRUSTMAP_DB_URL", null);
        String password = reader.secret("TRUSTMAP_DB_PASSWORD", "");
        boolean embedded = url == null;
        DatabaseSettings database;
        if (embedded) {
            database = new DatabaseSettings("jdbc:h2:file:" + dataDir.resolve("trustmap")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
                    // the page cache is an eighth of the heap (commits are written to disk by Database before they are reported)
                    + ";CACHE_SIZE=" + embeddedCacheKb(),
                    "sa", "", poolSize, connectTimeout);
        } else {
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw new ConfigException("TRUSTMAP_DB_URL must be a jdbc:postgresql: (or jdbc:h2:) URL, got \""
                        + url.split("\\?", 2)[0] + "\"");
            }
            database = new DatabaseSettings(url, reader.string("TRUSTMAP_DB_USER", ""),
                    password, poolSize, connectTimeout);
        }
        long uploadMax = reader.longValue("TRUSTMAP_UPLOAD_MAX_BYTES", 50L * 1024 * 1024, 1_024, 2_000_000_000L);
        int maxComponents = reader.integer("TRUSTMAP_UPLOAD_MAX_COMPONENTS",
                dev.trustmap.scanner.sbom.SbomLimits.DEFAULT_MAX_COMPONENTS, 1, 10_000_000);
        int workers = reader.integer("TRUSTMAP_INGEST_WORKERS", 2, 0, 64);
        int lease = reader.integer("TRUSTMAP_JOB_LEASE_SECONDS", 120, 5, 86_400);
        int waitMax = reader.integer("TRUSTMAP_WAIT_MAX_SECONDS", 300, 0, 3_600);
        int grace = reader.integer("TRUSTMAP_SHUTDOWN_GRACE_SECONDS", 20, 0, 600);
        String bootstrap = reader.secret("TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN", null);
        if (bootstrap != null && bootstrap.length() < 24) {
            throw new ConfigException("TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN must be at least 24 characters long");
        }
        String trustedRoot = reader.string("TRUSTMAP_SIGSTORE_TRUSTED_ROOT", null);
        if (trustedRoot != null && !Files.isReadable(Path.of(trustedRoot))) {
            throw new ConfigException("TRUSTMAP_SIGSTORE_TRUSTED_ROOT: cannot read " + trustedRoot);
        }
        String npmKeys = reader.string("TRUSTMAP_NPM_REGISTRY_KEYS", null);
        if (npmKeys != null) {
            try {
                dev.trustmap.scanner.evidence.NpmRegistryKeys.load(Path.of(npmKeys));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("TRUSTMAP_NPM_REGISTRY_KEYS: " + e.getMessage());
            }
        }
        EvidenceSettings evidence = new EvidenceSettings(reader.integer("TRUSTMAP_EVIDENCE_WORKERS", 4, 0, 32),
                reader.integer("TRUSTMAP_EVIDENCE_REFRESH_HOURS", 24, 1, 24 * 90),
                reader.url("TRUSTMAP_MAVEN_CENTRAL_URL", "https://repo1.maven.org/maven2"),
                reader.url("TRUSTMAP_NPM_REGISTRY_URL", "https://registry.npmjs.org"),
                reader.integer("TRUSTMAP_REGISTRY_CONCURRENCY", 4, 1, 64),
                reader.integer("TRUSTMAP_REGISTRY_TIMEOUT_MS", 10_000, 100, 120_000),
                trustedRoot == null ? null : Path.of(trustedRoot), npmKeys == null ? null : Path.of(npmKeys));
        String gatePending = reader.string("TRUSTMAP_GATE_PENDING", "decide");
        if (!gatePending.equals("decide") && !gatePending.equals("wait")) {
            throw new ConfigException("TRUSTMAP_GATE_PENDING must be decide or wait, got \"" + gatePending + "\"");
        }
        PolicySettings policy = new PolicySettings(gatePending, reader.integer("TRUSTMAP_GATE_PENDING_WAIT_SECONDS", 60, 0, 600),
                reader.integer("TRUSTMAP_POLICY_REEVALUATE_SECONDS", 10, 1, 3_600),
                reader.integer("TRUSTMAP_POLICY_REQUEST_SECONDS", 30, 1, 3_600),
                reader.longValue("TRUSTMAP_POLICY_REQUEST_EVALUATIONS", 20_000_000L, 1, 10_000_000_000L),
                reader.integer("TRUSTMAP_POLICY_CONCURRENCY", 2, 1, 64),
                reader.integer("TRUSTMAP_POLICY_SNAPSHOT_SECONDS", 300, 1, 86_400),
                reader.longValue("TRUSTMAP_POLICY_SNAPSHOT_EVALUATIONS", 200_000_000L, 1, 100_000_000_000L));
        int auditAnchor = reader.integer("TRUSTMAP_AUDIT_ANCHOR_SECONDS", 300, 1, 86_400);
        return new TrustmapConfig(host, port, dataDir, database, embedded, uploadMax, maxComponents, workers, lease, waitMax, grace, bootstrap,
                evidence, policy, oidc(reader), auditAnchor);
    }

    private static OidcSettings oidc(Reader reader) {
        String issuer = reader.string("TRUSTMAP_OIDC_ISSUER_URL", null);
        if (issuer == null) {
            for (String key : new TreeSet<>(reader.values().keySet())) {
                if (key.startsWith("TRUSTMAP_OIDC_") && reader.string(key, null) != null) {
                    throw new ConfigException(key + " is set but TRUSTMAP_OIDC_ISSUER_URL is not (OIDC needs the issuer)");
                }
            }
            return null;
        }
        issuer = reader.url("TRUSTMAP_OIDC_ISSUER_URL", null);
        String clientId = reader.string("TRUSTMAP_OIDC_CLIENT_ID", null);
        if (clientId == null) {
            throw new ConfigException("TRUSTMAP_OIDC_CLIENT_ID is required with TRUSTMAP_OIDC_ISSUER_URL");
        }
        String rolesClaim = reader.string("TRUSTMAP_OIDC_ROLES_CLAIM", "realm_access.roles");
        if (!rolesClaim.matches("[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*")) {
            throw new ConfigException("TRUSTMAP_OIDC_ROLES_CLAIM must be a claim name or a dotted path such as realm_access.roles, got \""
                    + Reader.shorten(rolesClaim) + "\"");
        }
        Set<String> algorithms = new java.util.LinkedHashSet<>();
        for (String algorithm : reader.string("TRUSTMAP_OIDC_ALGORITHMS", "RS256").split("[,\\s]+")) {
            if (algorithm.isEmpty()) {
                continue;
            }
            if (!OIDC_ALGORITHMS.contains(algorithm)) {
                throw new ConfigException("TRUSTMAP_OIDC_ALGORITHMS: " + Reader.shorten(algorithm)
                        + " is not accepted (one or more of " + String.join(", ", new TreeSet<>(OIDC_ALGORITHMS)) + ")");
            }
            algorithms.add(algorithm);
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("TRUSTMAP_OIDC_ALGORITHMS must name at least one algorithm");
        }
        return new OidcSettings(issuer, clientId, reader.secret("TRUSTMAP_OIDC_CLIENT_SECRET", null),
                reader.string("TRUSTMAP_OIDC_AUDIENCE", clientId), rolesClaim, reader.string("TRUSTMAP_OIDC_ROLE_PREFIX", ""),
                Set.copyOf(algorithms), reader.integer("TRUSTMAP_OIDC_TIMEOUT_MS", 2_000, 100, 30_000),
                reader.integer("TRUSTMAP_OIDC_CLOCK_SKEW_SECONDS", 30, 0, 300));
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (java.io.Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("TRUSTMAP_CONFIG_FILE: cannot read " + path + " (" + e.getMessage() + ")");
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }

    /** H2's page cache in KiB: an eighth of the heap, between 4 and 64 MiB. */
    static long embeddedCacheKb() {
        long eighth = Runtime.getRuntime().maxMemory() / 8 / 1024;
        return Math.max(4 * 1024, Math.min(64 * 1024, eighth));
    }

    @Override
    public String toString() {
        return "TrustmapConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", database=" + database
                + ", uploadMaxBytes=" + uploadMaxBytes + ", ingestWorkers=" + ingestWorkers + ", oidc=" + oidc + "]";
    }

    private record Reader(Map<String, String> values) {
        String string(String key, String fallback) {
            String value = values.get(key);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        String secret(String key, String fallback) {
            String direct = values.get(key);
            String file = values.get(key + "_FILE");
            if (direct != null && file != null) {
                throw new ConfigException("Set either " + key + " or " + key + "_FILE, not both");
            }
            if (file != null && !file.isBlank()) {
                try {
                    return Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new ConfigException(key + "_FILE: cannot read " + file.trim());
                }
            }
            return direct == null ? fallback : direct;
        }

        String url(String key, String fallback) {
            String value = string(key, fallback);
            if (!value.matches("https?://[^\\s]+")) {
                throw new ConfigException(key + " must be an http(s) URL, got \"" + shorten(value) + "\"");
            }
            return value;
        }

        int integer(String key, int fallback, int min, int max) {
            return (int) longValue(key, fallback, min, max);
        }

        long longValue(String key, long fallback, long min, long max) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value.replace("_", "").toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, got \"" + shorten(value) + "\"");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        }

        static String shorten(String value) {
            return value.length() > 40 ? value.substring(0, 40) + "…" : value;
        }
    }
}
