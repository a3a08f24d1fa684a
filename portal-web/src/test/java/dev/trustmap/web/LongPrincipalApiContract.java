package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.database.platform.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token whose name and owner have the longest documented length (100 characters each) may do
 * every kind of write — and so may the tokens it creates — without a 5xx: whatever is recorded
 * as "who" fits every column. Run on H2 and PostgreSQL.
 */
abstract class LongPrincipalApiContract {
    static final String CDX_JSON = "application/vnd.cyclonedx+json";
    static final String YAML = "application/yaml";
    static final String LONG_NAME = "n".repeat(90) + "-build.9_x";
    static final String LONG_OWNER = "Platform Team " + "o".repeat(86);
    TestPortal portal;

    abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() {
        portal = TestPortal.start(newDatabase(), Map.of());
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body, String... headers) {
        return portal.send(method, path, token, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static HttpResponse<String> ok(HttpResponse<String> response, int... expected) {
        assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isLessThan(500);
        assertThat(expected).as("%s %s", response.request().uri(), response.body()).contains(response.statusCode());
        return response;
    }

    String token(String creator, String name, String owner, String roles) {
        String body = "{\"name\":\"" + name + "\",\"roles\":[" + roles + "]" + (owner == null ? "" : ",\"owner\":\"" + owner + "\"") + "}";
        return json(ok(send("POST", "/api/v1/tokens", creator, "application/json", body), 201)).get("token").asText();
    }

    @Test
    void aTokenWithTheLongestNameAndOwnerCanDoEveryWrite() {
        assertThat(LONG_NAME).hasSize(100);
        assertThat(LONG_OWNER).hasSize(100);
        String admin = token(ADMIN_TOKEN, LONG_NAME, LONG_OWNER, "\"admin\"");
        // a token it creates without an owner is owned by its creator; that one writes too
        String child = token(admin, LONG_NAME, null, "\"admin\"");
        JsonNode listed = json(ok(portal.get("/api/v1/tokens", ADMIN_TOKEN), 200)).get("items");
        listed.forEach(t -> {
            assertThat(t.get("owner").asText()).hasSizeLessThanOrEqualTo(200);
            assertThat(t.get("createdBy").asText()).hasSizeLessThanOrEqualTo(200);
        });
        String grandchild = token(child, "grandchild", null, "\"reviewer\"");

        for (String who : new String[] {admin, child}) {
            String slug = who.equals(admin) ? "long-a" : "long-b";
            byte[] sbom = TestPortal.fixture("checkout-1.6.json");
            ok(portal.send("POST", "/api/v1/services/" + slug + "/sboms?wait=30&autoCreate=true", who, CDX_JSON, sbom,
                    "Idempotency-Key", "build-1"), 200);
            ok(portal.send("POST", "/api/v1/gate?service=" + slug + "&autoCreate=true", who, CDX_JSON,
                    TestPortal.fixture("checkout-v2.json")), 200);
            ok(send("POST", "/api/v1/gate?service=" + slug + "&snapshot=current", who, null, null), 200);
            String bom = "{\"projectName\":\"" + slug + "-dt\",\"projectVersion\":\"1.0\",\"autoCreate\":true,\"bom\":\""
                    + Base64.getEncoder().encodeToString(sbom) + "\"}";
            ok(send("PUT", "/api/v1/bom", null, "application/json", bom, "X-Api-Key", who), 200);
            ok(send("POST", "/api/v1/services", who, "application/json", "{\"slug\":\"" + slug + "-svc\"}"), 201);
            ok(send("PUT", "/api/v1/providers/" + slug + "-mail", who, "application/json", "{\"capabilities\":[\"email\"]}"), 200);
            ok(send("POST", "/api/v1/topology", who, YAML, """
                    service: %s
                    critical_dependencies:
                      - name: mail
                        provider: %s-mail
                        capability: email
                        mode: async
                    """.formatted(slug, slug)), 200);
            HttpResponse<String> contract = ok(send("PUT", "/api/v1/services/" + slug + "/contracts/pay", who, YAML,
                    "provider: acquirer\ncapability: payment\nmode: sync\n"), 200);
            assertThat(json(contract).path("contract").path("changedBy").asText()).hasSizeLessThanOrEqualTo(200);
            ok(send("DELETE", "/api/v1/services/" + slug + "/contracts/pay", who, null, null), 200);
            ok(send("POST", "/api/v1/policies", who, "application/json",
                    "{\"name\":\"" + slug + "-rule\",\"severity\":\"warn\",\"expression\":\"scores.provenance < 5\"}"), 201);
            ok(send("PUT", "/api/v1/policies/" + slug + "-rule", who, "application/json", "{\"severity\":\"fail\"}"), 200);
            ok(send("POST", "/api/v1/policies/" + slug + "-rule/disable", who, null, null), 200);
            HttpResponse<String> review = ok(send("POST", "/api/v1/reviews", who, "application/json",
                    "{\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-" + (who.equals(admin) ? "api" : "core") + "\",\"reason\":\"checked by " + slug + "\"}"), 201);
            String id = json(review).get("id").asText();
            ok(send("POST", "/api/v1/reviews/" + id + "/transitions", grandchild, "application/json", "{\"to\":\"in_review\"}"), 200);
            String decider = who.equals(admin) ? grandchild : ADMIN_TOKEN;
            ok(send("POST", "/api/v1/reviews/" + id + "/transitions", decider, "application/json",
                    "{\"to\":\"approved\",\"reason\":\"fine\"}"), 200);
        }
        assertThat(portal.count("SELECT COUNT(*) FROM ingestion_job WHERE submitted_by LIKE '" + LONG_OWNER + "%'"))
                .as("the recorded principal keeps the owner readable").isGreaterThan(0);
    }
}
