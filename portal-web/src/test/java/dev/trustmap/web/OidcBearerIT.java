package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.fixture;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmap.database.testing.TestDatabases;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keycloak access tokens as API bearer tokens, against a real Keycloak ({@link TestKeycloak}) with
 * the realms of {@code src/test/resources/keycloak/}: valid user and CI tokens work with the roles
 * Keycloak gives them; every kind of forged, foreign or stale token is {@code 401}; API tokens keep
 * working beside OIDC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcBearerIT {
    static final String CDX_JSON = "application/vnd.cyclonedx+json";
    static final String CLIENT_SECRET = "trustmap-client-secret";

    TestKeycloak keycloak;
    TestPortal portal;

    @BeforeAll
    void start() {
        keycloak = TestKeycloak.shared();
        portal = TestPortal.start(TestDatabases.h2(), Map.of(
                "TRUSTMAP_OIDC_ISSUER_URL", keycloak.issuer("trustmap"),
                "TRUSTMAP_OIDC_CLIENT_ID", "trustmap",
                "TRUSTMAP_OIDC_CLIENT_SECRET", CLIENT_SECRET,
                // Keycloak and the portal share this machine's clock; 1 s lets the expired-token test wait 3 s, not 30
                "TRUSTMAP_OIDC_CLOCK_SKEW_SECONDS", "1"));
        for (String service : new String[] {"payments", "billing"}) {
            HttpResponse<String> created = portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"" + service + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    String user(String name) {
        return keycloak.userToken("trustmap", "trustmap", CLIENT_SECRET, name, name + "-password");
    }

    static void assertUnauthorized(HttpResponse<String> response, String detailMentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/unauthorized");
        assertThat(problem.get("detail").asText()).contains(detailMentions);
        assertThat(response.body()).doesNotContain("Exception", "nimbus", "com.", "java.", "\tat ");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aUsersAccessTokenIsAcceptedWithTheRolesKeycloakGives() {
        String alice = user("alice");
        assertThat(portal.get("/api/v1/services", alice).statusCode()).isEqualTo(200);
        HttpResponse<String> notAdmin = portal.postJson("/api/v1/tokens", alice, "{\"name\":\"x\",\"roles\":[\"viewer\"]}");
        assertThat(notAdmin.statusCode()).as("a viewer is not an admin").isEqualTo(403);
        assertThat(notAdmin.body()).doesNotContain("Exception");

        HttpResponse<String> byAdam = portal.postJson("/api/v1/services", user("adam"), "{\"slug\":\"made-by-adam\"}");
        assertThat(byAdam.statusCode()).as(byAdam.body()).isEqualTo(201);

        assertThat(portal.get("/api/v1/tokens", user("carl")).statusCode()).as("the API client's own admin role counts").isEqualTo(200);
        assertThat(portal.get("/api/v1/services", user("nina")).statusCode()).as("no Trustmap role, no access").isEqualTo(403);
    }

    @Test
    void apiTokensKeepWorkingBesideOidc() {
        assertThat(portal.get("/api/v1/services", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = portal.get("/api/v1/services", "tm_not_a_real_token_0000000000000");
        assertUnauthorized(unknown, "unknown, expired or revoked");
    }

    @Test
    void aTokenOfAnotherRealmIs401() {
        String mallory = keycloak.userToken("other", "trustmap", "other-client-secret", "mallory", "mallory-password");
        assertUnauthorized(portal.get("/api/v1/services", mallory), "The bearer token is not accepted");
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String shortLived = keycloak.clientToken("trustmap", "trustmap-short", "trustmap-short-secret");
        long exp = claims(shortLived).get("exp").asLong();
        assertThat(exp - claims(shortLived).get("iat").asLong()).as("the client's 1 s lifespan").isLessThanOrEqualTo(2);
        Thread.sleep(Math.max(0, (exp + 3) * 1000 - System.currentTimeMillis()));
        assertUnauthorized(portal.get("/api/v1/services", shortLived), "expired");
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        String other = keycloak.clientToken("trustmap", "ci-noaudience", "ci-noaudience-secret");
        assertThat(claims(other).path("aud").toString()).doesNotContain("\"trustmap\"");
        assertUnauthorized(portal.get("/api/v1/services", other), "not meant for this portal");
    }

    @Test
    void anUnsignedTokenIs401() {
        String[] parts = user("adam").split("\\.");
        assertUnauthorized(portal.get("/api/v1/services", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."), "unsigned");
    }

    @Test
    void hs256SignedWithTheRealmsPublicKeyIs401() throws Exception {
        // key confusion: a verifier that took the algorithm from the token would check this HMAC with the public key
        String[] parts = user("adam").split("\\.");
        JsonNode key = signingKey();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.get("kid").asText() + "\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKey(key).getEncoded(), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertUnauthorized(portal.get("/api/v1/services", header + "." + parts[1] + "." + signature), "only RS256 is accepted");
    }

    @Test
    void aTokenSignedWithAnUnknownKeyIs401() throws Exception {
        String[] parts = user("adam").split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair mine = generator.generateKeyPair();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(mine.getPrivate());
        rsa.update((header + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        String forged = header + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        assertUnauthorized(portal.get("/api/v1/services", forged), "does not publish");
        assertThat(portal.get("/api/v1/services", user("alice")).statusCode()).as("real tokens still work").isEqualTo(200);
    }

    @Test
    void aTamperedPayloadIs401() {
        String[] parts = user("alice").split("\\.");
        ObjectNode payload = (ObjectNode) claims(user("alice"));
        payload.putObject("realm_access").putArray("roles").add("admin");
        String tampered = parts[0] + "." + b64(payload.toString()) + "." + parts[2];
        assertUnauthorized(portal.get("/api/v1/tokens", tampered), "signature does not verify");
    }

    @Test
    void aCiClientCredentialsTokenUploadsForItsServiceOnly() {
        String ci = keycloak.clientToken("trustmap", "ci-payments", "ci-payments-secret");
        HttpResponse<String> own = portal.send("POST", "/api/v1/services/payments/sboms?wait=60", ci, CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).get("state").asText()).isEqualTo("completed");
        assertThat(json(own).get("submittedBy").asText()).isEqualTo("ci-payments/oidc-service-account");

        HttpResponse<String> other = portal.send("POST", "/api/v1/services/billing/sboms?wait=60", ci, CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(json(other).get("detail").asText()).contains("only upload SBOMs for service 'payments'");

        assertThat(portal.postJson("/api/v1/services", ci, "{\"slug\":\"ci-made\"}").statusCode()).as("scanner is not admin").isEqualTo(403);
        HttpResponse<String> gate = portal.send("POST", "/api/v1/gate?service=billing", ci, CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(gate.statusCode()).as("nor gate for another service: " + gate.body()).isEqualTo(403);
        assertThat(portal.get("/api/v1/policies/bundle?service=billing", ci).statusCode()).isEqualTo(403);
        assertThat(portal.get("/api/v1/policies/bundle?service=payments", ci).statusCode()).isEqualTo(200);

        String unbound = keycloak.clientToken("trustmap", "ci-unbound", "ci-unbound-secret");
        HttpResponse<String> none = portal.send("POST", "/api/v1/services/payments/sboms", unbound, CDX_JSON, fixture("checkout-1.6.json"));
        assertThat(none.statusCode()).as("a CI client bound to no service uploads nowhere: " + none.body()).isEqualTo(403);
        assertThat(json(none).get("detail").asText()).contains("no service");
    }

    @Test
    void anUnreachableIssuerIs503ForItsTokensWhileApiTokensWork() throws Exception {
        int closed = TestKeycloak.freePort();
        try (TestPortal offline = TestPortal.start(TestDatabases.h2(), Map.of(
                "TRUSTMAP_OIDC_ISSUER_URL", "http://127.0.0.1:" + closed + "/realms/trustmap",
                "TRUSTMAP_OIDC_CLIENT_ID", "trustmap", "TRUSTMAP_OIDC_TIMEOUT_MS", "500"))) {
            HttpResponse<String> answer = offline.get("/api/v1/services", user("alice"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(json(answer).get("detail").asText()).contains("cannot be checked now").contains("API tokens keep working");
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(offline.get("/api/v1/services", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        }
    }

    private JsonNode signingKey() {
        for (JsonNode key : keycloak.keys("trustmap").get("keys")) {
            if ("RSA".equals(key.path("kty").asText()) && "RS256".equals(key.path("alg").asText()) && "sig".equals(key.path("use").asText())) {
                return key;
            }
        }
        throw new AssertionError("the realm publishes no RS256 signing key");
    }

    private static PublicKey publicKey(JsonNode jwk) throws Exception {
        Base64.Decoder decoder = Base64.getUrlDecoder();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, decoder.decode(jwk.get("n").asText())),
                new BigInteger(1, decoder.decode(jwk.get("e").asText()))));
    }

    private static JsonNode claims(String token) {
        try {
            return TestPortal.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
