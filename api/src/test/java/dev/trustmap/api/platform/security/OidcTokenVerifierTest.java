package dev.trustmap.api.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.trustmap.api.platform.config.TrustmapConfig.OidcSettings;
import dev.trustmap.api.platform.http.ProblemException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcTokenVerifierTest {
    static final String ISSUER = "https://idp.example/realms/trustmap";
    static final OidcSettings SETTINGS = new OidcSettings(ISSUER, "trustmap", null, "trustmap", "realm_access.roles", "",
            Set.of("RS256"), 2_000, 30);
    static RSAKey key;
    static OidcTokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("realm-key").generate();
        verifier = OidcTokenVerifier.withKeys(SETTINGS, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    }

    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("trustmap", "account")).subject("user-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("typ", "Bearer")
                .claim("preferred_username", "alice").claim("realm_access", Map.of("roles", List.of("viewer", "offline_access")));
    }

    static String sign(JWTClaimsSet claims) throws Exception {
        return sign(claims, key, key.getKeyID());
    }

    static String sign(JWTClaimsSet claims, RSAKey with, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static void rejected(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(OidcTokenVerifier.InvalidTokenException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void acceptsAValidAccessToken() throws Exception {
        JWTClaimsSet verified = verifier.verify(sign(claims().build()));
        assertThat(verified.getSubject()).isEqualTo("user-1");
    }

    @Test
    void toleratesTheConfiguredClockSkewAndNoMore() throws Exception {
        Instant now = Instant.now();
        verifier.verify(sign(claims().expirationTime(Date.from(now.minusSeconds(10))).build()));
        verifier.verify(sign(claims().notBeforeTime(Date.from(now.plusSeconds(10))).build()));
        rejected(sign(claims().expirationTime(Date.from(now.minusSeconds(60))).build()), "expired");
        rejected(sign(claims().notBeforeTime(Date.from(now.plusSeconds(60))).build()), "not valid yet");
    }

    @Test
    void pinsTheIssuerAndTheAudience() throws Exception {
        rejected(sign(claims().issuer("https://idp.example/realms/other").build()), "another issuer");
        rejected(sign(claims().audience("account").build()), "not meant for this portal");
        rejected(sign(claims().audience((String) null).build()), "not meant for this portal");
    }

    @Test
    void requiresSubjectAndExpiry() throws Exception {
        rejected(sign(claims().subject(null).build()), "required claim");
        rejected(sign(claims().issuer(null).build()), "required claim");
        rejected(sign(claims().expirationTime(null).build()), "required claim");
    }

    @Test
    void refusesIdAndRefreshTokens() throws Exception {
        rejected(sign(claims().claim("typ", "ID").build()), "not an access token");
        rejected(sign(claims().claim("typ", "Refresh").build()), "not an access token");
    }

    @Test
    void refusesUnsignedTokens() throws Exception {
        String payload = sign(claims().build()).split("\\.")[1];
        rejected(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".", "unsigned");
        rejected(b64("{\"alg\":\"none\"}") + "." + payload + ".", "unsigned");
    }

    @Test
    void refusesHmacSignedWithThePublicKey() throws Exception {
        // key confusion: the realm's public key bytes used as an HMAC secret
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims().build());
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        rejected(jwt.serialize(), "signed with HS256; only RS256 is accepted");
    }

    @Test
    void refusesAnUnknownKeyAndAForgedSignature() throws Exception {
        RSAKey mine = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        rejected(sign(claims().build(), mine, mine.getKeyID()), "does not publish");
        rejected(sign(claims().build(), mine, key.getKeyID()), "signature does not verify");
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        String[] parts = sign(claims().build()).split("\\.");
        String escalated = b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\""));
        assertThat(escalated).isNotEqualTo(parts[1]);
        rejected(parts[0] + "." + escalated + "." + parts[2], "signature does not verify");
    }

    @Test
    void refusesGarbageAndHugeTokens() {
        rejected("a.b.c", "not a well-formed JWT");
        rejected("x".repeat(OidcTokenVerifier.MAX_TOKEN_CHARS + 1), "longer than");
    }

    @Test
    void anUnreachableIssuerIsUnavailableNotInvalidAndIsNotAskedOnEveryRequest() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OidcSettings settings = new OidcSettings("http://127.0.0.1:" + closed + "/realms/trustmap", "trustmap", null, "trustmap",
                "realm_access.roles", "", Set.of("RS256"), 500, 30);
        try (OidcTokenVerifier down = OidcTokenVerifier.discovering(settings, new ObjectMapper())) {
            String token = sign(claims().issuer(settings.issuer()).build());
            assertThatThrownBy(() -> down.verify(token)).isInstanceOf(OidcTokenVerifier.IssuerUnavailableException.class)
                    .hasMessageContaining("discovery document cannot be fetched");
            long started = System.nanoTime();
            assertThatThrownBy(() -> down.verify(token)).isInstanceOf(OidcTokenVerifier.IssuerUnavailableException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).as("the second try within 10 s does not go to the network")
                    .isLessThan(100);
        }
    }

    @Test
    void discoversTheKeysAndFetchesThemAgainForAnUnknownKidAtMostTwicePer30Seconds() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/trustmap";
        serve(idp, "/realms/trustmap/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}", null);
        serve(idp, "/realms/trustmap/protocol/openid-connect/certs", new JWKSet(key.toPublicJWK()).toString(),
                n -> fetches.incrementAndGet());
        idp.start();
        OidcSettings settings = new OidcSettings(issuer, "trustmap", null, "trustmap", "realm_access.roles", "", Set.of("RS256"), 2_000, 30);
        try (OidcTokenVerifier remote = OidcTokenVerifier.discovering(settings, new ObjectMapper())) {
            for (int i = 0; i < 50; i++) {
                remote.verify(sign(claims().issuer(issuer).build()));
            }
            assertThat(fetches.get()).as("cached").isEqualTo(1);
            RSAKey mine = new RSAKeyGenerator(2048).generate();
            for (int i = 0; i < 20; i++) {
                String kid = UUID.randomUUID().toString();
                assertThatThrownBy(() -> remote.verify(sign(claims().issuer(issuer).build(), mine, kid)))
                        .isInstanceOf(OidcTokenVerifier.InvalidTokenException.class).hasMessageContaining("does not publish");
            }
            assertThat(fetches.get()).as("a flood of unknown kids is rate limited").isBetween(2, 3);
            remote.verify(sign(claims().issuer(issuer).build()));
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefused() throws Exception {
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/trustmap";
        serve(idp, "/realms/trustmap/.well-known/openid-configuration",
                "{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"https://evil.example/certs\"}", null);
        idp.start();
        try {
            assertThatThrownBy(() -> OidcTokenVerifier.discover(issuer, 2_000, new ObjectMapper()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("names another issuer");
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void theAuthenticatorAnswers401And503AsProblems() throws Exception {
        OidcBearerAuthenticator authenticator = new OidcBearerAuthenticator(verifier);
        String expired = sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(120))).build());
        assertThat(authenticator.handles(expired)).isTrue();
        assertThat(authenticator.handles("tm_" + "a".repeat(43))).isFalse();
        assertThatThrownBy(() -> authenticator.authenticate(expired)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.getMessage()).isEqualTo("The bearer token is not accepted: the token has expired"));
    }

    private static void serve(HttpServer server, String path, String body, Consumer<Integer> onRequest) {
        server.createContext(path, exchange -> {
            if (onRequest != null) {
                onRequest.accept(1);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
