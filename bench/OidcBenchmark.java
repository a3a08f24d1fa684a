import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.api.platform.http.JsonMapperProvider;
import dev.trustmap.api.platform.security.OidcBearerAuthenticator;
import dev.trustmap.api.platform.security.OidcTokenVerifier;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OIDC bearer-token verification once the JWK set is cached (run by bench/oidc.sh): the portal's
 * own authenticator (parse, RS256 signature, issuer, audience, exp/nbf, roles and services mapped
 * to a principal) on Keycloak-shaped access tokens signed with a 2048-bit RSA key, the keys found
 * by discovery from a local HTTP server exactly as from Keycloak. 2,000 distinct tokens in turn;
 * 50,000 warm-up verifications, then 200,000 timed one by one on one thread, then the same on two
 * threads at once.
 */
public class OidcBenchmark {
    static final int TOKENS = 2_000;
    static final int WARM_UP = 50_000;
    static final int TIMED = 200_000;

    public static void main(String[] args) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        AtomicInteger jwksFetches = new AtomicInteger();
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/trustmap";
        serve(idp, "/realms/trustmap/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}", null);
        serve(idp, "/realms/trustmap/protocol/openid-connect/certs", new JWKSet(key.toPublicJWK()).toString(), jwksFetches);
        idp.start();

        TrustmapConfig.OidcSettings settings = TrustmapConfig.from(Map.of("TRUSTMAP_OIDC_ISSUER_URL", issuer,
                "TRUSTMAP_OIDC_CLIENT_ID", "trustmap")).oidc();
        OidcTokenVerifier verifier = OidcTokenVerifier.discovering(settings, JsonMapperProvider.mapper());
        verifier.warmUp();
        OidcBearerAuthenticator authenticator = new OidcBearerAuthenticator(verifier);

        String[] tokens = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            tokens[i] = token(key, issuer, i);
        }
        System.out.printf("token: %d characters (Keycloak-shaped: realm and client roles, scope, sid, email…), RS256, 2048-bit key%n",
                tokens[0].length());
        for (int i = 0; i < WARM_UP; i++) {
            check(authenticator.authenticate(tokens[i % TOKENS]));
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] one = new long[TIMED];
        long cpuStarted = cpu.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int i = 0; i < TIMED; i++) {
            long t0 = System.nanoTime();
            TrustmapPrincipal p = authenticator.authenticate(tokens[i % TOKENS]);
            one[i] = System.nanoTime() - t0;
            check(p);
        }
        double oneSeconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (cpu.getCurrentThreadCpuTime() - cpuStarted) / 1e3 / TIMED;

        long[][] per = new long[2][TIMED / 2];
        Thread[] threads = new Thread[2];
        long startedTwo = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < TIMED / 2; i++) {
                    long t0 = System.nanoTime();
                    TrustmapPrincipal p = authenticator.authenticate(tokens[(i * 2 + thread) % TOKENS]);
                    per[thread][i] = System.nanoTime() - t0;
                    check(p);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double twoSeconds = (System.nanoTime() - startedTwo) / 1e9;
        long[] two = new long[TIMED];
        System.arraycopy(per[0], 0, two, 0, TIMED / 2);
        System.arraycopy(per[1], 0, two, TIMED / 2, TIMED / 2);

        System.out.println();
        System.out.println("| threads | verifications | p50 | p90 | p99 | p99.9 | max | per second |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        row(1, one, oneSeconds);
        row(2, two, twoSeconds);
        System.out.printf("%nCPU time of the timing thread per verification (one thread; not inflated by other processes): %.1f µs%n", cpuMicros);
        System.out.printf("JWK set fetched %d time(s) in all (discovery once, then the cache)%n", jwksFetches.get());
        verifier.close();
        idp.stop(0);
    }

    static String token(RSAKey key, String issuer, int i) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(List.of("trustmap", "account"))
                .subject(UUID.randomUUID().toString()).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3_600)))
                .claim("typ", "Bearer").claim("azp", "trustmap").claim("sid", UUID.randomUUID().toString()).claim("acr", "1")
                .claim("allowed-origins", List.of("https://trustmap.example"))
                .claim("realm_access", Map.of("roles", List.of("default-roles-trustmap", "offline_access", "uma_authorization",
                        i % 3 == 0 ? "reviewer" : "viewer")))
                .claim("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "view-profile")),
                        "trustmap", Map.of("roles", List.of("viewer"))))
                .claim("scope", "openid profile email").claim("email_verified", true).claim("name", "User " + i)
                .claim("preferred_username", "user" + i).claim("given_name", "User").claim("family_name", String.valueOf(i))
                .claim("email", "user" + i + "@example.test").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static void check(TrustmapPrincipal principal) {
        if (!principal.hasRole("viewer") && !principal.hasRole("reviewer")) {
            throw new IllegalStateException("roles not mapped: " + principal.roles());
        }
    }

    static void row(int threads, long[] nanos, double seconds) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %d | %,d | %s | %s | %s | %s | %s | %,.0f |%n", threads, sorted.length, ms(at(sorted, 0.50)), ms(at(sorted, 0.90)),
                ms(at(sorted, 0.99)), ms(at(sorted, 0.999)), ms(sorted[sorted.length - 1]), sorted.length / seconds);
    }

    static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    static String ms(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }

    static void serve(HttpServer server, String path, String body, AtomicInteger hits) {
        server.createContext(path, exchange -> {
            if (hits != null) {
                hits.incrementAndGet();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
