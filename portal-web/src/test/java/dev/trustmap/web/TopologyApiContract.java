package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmap.database.platform.DatabaseSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Providers, contracts, topology import and incident lookups over real HTTP; run on H2 and PostgreSQL. */
abstract class TopologyApiContract {
    static final String YAML = "application/yaml";
    TestPortal portal;
    Path dataDir;

    abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() {
        dataDir = TestPortal.tempDir();
        portal = TestPortal.start(newDatabase(), Map.of("TRUSTMAP_DATA_DIR", dataDir.toString()));
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    static byte[] topology(String name) {
        try (InputStream in = TopologyApiContract.class.getResourceAsStream("/topology/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> importTopology(String query, byte[] body) {
        return portal.send("POST", "/api/v1/topology" + query, ADMIN_TOKEN, YAML, body);
    }

    private HttpResponse<String> putContract(String service, String name, String yaml) {
        return portal.send("PUT", "/api/v1/services/" + service + "/contracts/" + name, ADMIN_TOKEN, YAML,
                yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(field == null ? n.asText() : n.get(field).asText()));
        return values;
    }

    private JsonNode imported() {
        HttpResponse<String> response = importTopology("", topology("org.yaml"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void aServiceDependingOnItselfIsRefusedWithItsPositionAndNothingIsWritten() {
        String self = """
                service: ledger
                tier: high
                critical_dependencies:
                  - name: journal
                    provider: s3
                    capability: storage
                  - name: loopback
                    service: ledger
                    mode: sync
                """;
        Map<String, Long> before = portal.rowCounts();
        for (String query : List.of("", "?dryRun=true")) {
            HttpResponse<String> refused = importTopology(query, self.getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            JsonNode problem = json(refused);
            assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-topology");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("critical_dependencies[1].service");
            assertThat(problem.get("errors").get(0).get("message").asText()).contains("depends on itself").contains("line 8, column 14");
        }
        assertThat(portal.rowCounts()).isEqualTo(before);

        assertThat(portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"ledger\"}").statusCode()).isEqualTo(201);
        Map<String, Long> withService = portal.rowCounts();
        HttpResponse<String> put = putContract("ledger", "loopback", "mode: sync\nservice: ledger\n");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(422);
        assertThat(json(put).get("errors").get(0).get("message").asText()).contains("depends on itself").contains("line 2, column 10");
        HttpResponse<String> json = portal.send("PUT", "/api/v1/services/ledger/contracts/loopback", ADMIN_TOKEN, "application/json",
                "{\"service\":\"ledger\",\"mode\":\"sync\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(422);
        assertThat(portal.rowCounts()).isEqualTo(withService);

        // a longer cycle (ledger -> reconciler -> ledger) is legitimate and stays allowed
        HttpResponse<String> cycle = importTopology("", """
                service: ledger
                critical_dependencies:
                  - name: reconciler
                    service: reconciler
                    mode: async
                ---
                service: reconciler
                critical_dependencies:
                  - name: ledger
                    service: ledger
                    mode: async
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(cycle.statusCode()).as(cycle.body()).isEqualTo(200);
    }

    @Test
    void dryRunShowsTheDiffAndWritesNothingThenImportIsIdempotent() {
        Map<String, Long> before = portal.rowCounts();
        HttpResponse<String> dry = importTopology("?dryRun=true", topology("org.yaml"));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode diff = json(dry);
        assertThat(diff.get("dryRun").asBoolean()).isTrue();
        assertThat(texts(diff.get("created"), null)).contains("checkout-api/payment-gateway", "storefront/checkout",
                "reconciler/ledger").hasSize(10);
        assertThat(texts(diff.get("providersCreated"), null)).containsExactly("auth0", "sendgrid", "stripe");
        assertThat(portal.rowCounts()).isEqualTo(before);
        assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract")).isZero();

        JsonNode first = imported();
        assertThat(first.get("dryRun").asBoolean()).isFalse();
        assertThat(first.get("created")).hasSize(10);
        assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract")).isEqualTo(10);
        assertThat(texts(first.get("warnings"), "rule")).contains("no-target");

        JsonNode again = imported();
        assertThat(again.get("created")).isEmpty();
        assertThat(again.get("changed")).isEmpty();
        assertThat(again.get("removed")).isEmpty();
        assertThat(again.get("services")).isEmpty();
        assertThat(again.get("unchanged").asInt()).isEqualTo(10);
        assertThat(portal.count("SELECT COUNT(*) FROM dependency_contract")).as("no new versions").isEqualTo(10);

        String edited = new String(topology("org.yaml"), StandardCharsets.UTF_8)
                .replace("timeout_ms: 3000", "timeout_ms: 2500")
                .replace("  - name: mail\n    provider: sendgrid\n    capability: email\n    mode: async\n", "");
        HttpResponse<String> change = importTopology("", edited.getBytes(StandardCharsets.UTF_8));
        JsonNode changed = json(change);
        assertThat(changed.get("changed")).hasSize(1);
        assertThat(changed.get("changed").get(0).get("contract").asText()).isEqualTo("checkout-api/payment-gateway");
        assertThat(texts(changed.get("changed").get(0).get("fields"), null)).containsExactly("timeout_ms");
        assertThat(texts(changed.get("removed"), null)).containsExactly("billing/mail");
        JsonNode historyPage = json(portal.get("/api/v1/services/checkout-api/contracts/payment-gateway/history", ADMIN_TOKEN));
        assertThat(historyPage.get("total").asInt()).isEqualTo(2);
        JsonNode history = historyPage.get("items");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(history.get(0).get("timeoutMs").asInt()).isEqualTo(2500);
        assertThat(history.get(1).get("timeoutMs").asInt()).isEqualTo(3000);
        assertThat(history.get(1).get("current").asBoolean()).isFalse();
        assertThat(history.get(0).get("changedBy").asText()).isEqualTo("trustmap/bootstrap-admin");
        assertThat(history.get(0).get("changeSource").asText()).isEqualTo("topology");
        assertThat(json(portal.get("/api/v1/services/billing/contracts", ADMIN_TOKEN)).get("items")).hasSize(1);
        assertThat(portal.get("/api/v1/services/billing/contracts/mail", ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(json(portal.get("/api/v1/services/billing/contracts/mail/history", ADMIN_TOKEN)).get("items").get(0).get("removed").asBoolean())
                .isTrue();
    }

    @Test
    void contractWritesAreValidatedVersionedAndWarnAboutDesignGaps() {
        portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\"checkout-api\",\"tier\":\"critical\",\"regions\":[\"us\",\"eu\"]}");
        HttpResponse<String> first = putContract("checkout-api", "payment-gateway",
                "provider: stripe\ncapability: payment\nmode: sync\ncross_region: false\n");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode written = json(first);
        assertThat(written.get("changed").asBoolean()).isTrue();
        assertThat(written.get("contract").get("version").asInt()).isEqualTo(1);
        assertThat(written.get("contract").get("criticality").asText()).as("defaults to the service tier").isEqualTo("critical");
        assertThat(texts(written.get("warnings"), "rule")).contains("sync-critical-without-degraded-behavior",
                "single-region-call-without-degraded-behavior");

        JsonNode same = json(putContract("checkout-api", "payment-gateway",
                "{\"provider\":\"stripe\",\"capability\":\"payment\",\"mode\":\"sync\",\"cross_region\":false}"));
        assertThat(same.get("changed").asBoolean()).as("JSON body with the same content").isFalse();
        assertThat(same.get("contract").get("version").asInt()).isEqualTo(1);

        JsonNode second = json(putContract("checkout-api", "payment-gateway",
                "provider: stripe\ncapability: payment\nmode: sync\ncross_region: false\n"
                        + "degraded_behavior: queue intent\nfallback: outbox\nquota:\n  us: 100 rps\n"));
        assertThat(second.get("contract").get("version").asInt()).isEqualTo(2);
        assertThat(second.get("contract").get("quota").get("us").asText()).isEqualTo("100 rps");
        assertThat(second.get("warnings")).isEmpty();

        Map<String, Long> before = portal.rowCounts();
        HttpResponse<String> invalid = putContract("checkout-api", "payment-gateway",
                "provider: stripe\ncapability: payment\nmode: sometimes\ntimeout_ms: -5\nstars: 12000\n");
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode problem = json(invalid);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/validation");
        assertThat(texts(problem.get("errors"), "field")).contains("mode", "timeout_ms", "stars");
        assertThat(problem.get("errors").toString()).contains("line 3");
        assertThat(portal.rowCounts()).isEqualTo(before);

        HttpResponse<String> mismatch = putContract("checkout-api", "payment-gateway", "name: other\nprovider: x\ncapability: y\n");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(putContract("no-such-service", "x", "provider: p\ncapability: c\n").statusCode()).isEqualTo(404);
        assertThat(portal.send("PUT", "/api/v1/services/checkout-api/contracts/x", ADMIN_TOKEN, "text/plain",
                "provider: p".getBytes()).statusCode()).isEqualTo(415);

        HttpResponse<String> removed = portal.send("DELETE", "/api/v1/services/checkout-api/contracts/payment-gateway", ADMIN_TOKEN, null, null);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(json(removed).get("removed").asBoolean()).isTrue();
        assertThat(json(portal.get("/api/v1/services/checkout-api/contracts/payment-gateway/history", ADMIN_TOKEN)).get("items")).hasSize(3);
        String viewer = portal.token("viewer", "\"viewer\"", null);
        assertThat(portal.send("PUT", "/api/v1/services/checkout-api/contracts/x", viewer, YAML, "provider: p\ncapability: c\n".getBytes())
                .statusCode()).isEqualTo(403);
    }

    @Test
    void badTopologyFilesAreRefusedWithTheirPositionAndWriteNothing() {
        Map<String, Long> before = portal.rowCounts();
        HttpResponse<String> unknown = importTopology("", "service: a\nowner: t\nfavourite_colour: blue\n".getBytes());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("errors").get(0).get("field").asText()).contains("favourite_colour");
        assertThat(json(unknown).get("errors").get(0).get("message").asText()).contains("line 3");
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nservice: bomb\n";
        HttpResponse<String> aliases = importTopology("", bomb.getBytes());
        assertThat(aliases.statusCode()).as(aliases.body()).isEqualTo(400);
        assertThat(aliases.body()).doesNotContain("Exception");
        HttpResponse<String> javaType = importTopology("", "service: !!java.lang.Runtime x\n".getBytes());
        assertThat(javaType.statusCode()).isEqualTo(400);
        byte[] huge = ("service: big\nowner: \"" + "x".repeat(4 * 1024 * 1024) + "\"\n").getBytes();
        assertThat(importTopology("", huge).statusCode()).isEqualTo(413);
        assertThat(portal.send("POST", "/api/v1/topology", ADMIN_TOKEN, "text/plain", "service: a".getBytes()).statusCode()).isEqualTo(415);
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void providersAndTheCapabilityView() {
        HttpResponse<String> put = portal.send("PUT", "/api/v1/providers/sendgrid", ADMIN_TOKEN, "application/json",
                ("{\"displayName\":\"SendGrid\",\"capabilities\":[\"email\"],\"regions\":[\"primary-us\"],"
                        + "\"statusPageUrl\":\"https://status.sendgrid.com\",\"supportContact\":\"support@sendgrid.example\","
                        + "\"dataResidency\":\"US\"}").getBytes());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(portal.send("PUT", "/api/v1/providers/bad", ADMIN_TOKEN, "application/json",
                "{\"capabilities\":[\"Not A Slug\"],\"statusPageUrl\":\"javascript:alert(1)\"}".getBytes()).statusCode()).isEqualTo(400);
        imported();
        JsonNode providers = json(portal.get("/api/v1/providers", ADMIN_TOKEN));
        assertThat(texts(providers.get("items"), "name")).containsExactly("auth0", "sendgrid", "stripe");
        assertThat(providers.get("total").asInt()).isEqualTo(3);
        JsonNode second = json(portal.get("/api/v1/providers?offset=1&limit=1", ADMIN_TOKEN));
        assertThat(texts(second.get("items"), "name")).containsExactly("sendgrid");
        assertThat(second.get("total").asInt()).isEqualTo(3);
        assertThat(second.get("offset").asInt()).isEqualTo(1);
        assertThat(second.get("limit").asInt()).isEqualTo(1);
        JsonNode stripe = json(portal.get("/api/v1/providers/stripe", ADMIN_TOKEN));
        assertThat(texts(stripe.get("capabilities"), null)).containsExactly("payment");
        JsonNode email = json(portal.get("/api/v1/capabilities?capability=email", ADMIN_TOKEN)).get("items");
        assertThat(email).hasSize(1);
        assertThat(email.get(0).get("providers").get(0).get("provider").asText()).isEqualTo("sendgrid");
        assertThat(email.get(0).get("providers").get(0).get("services").get(0).get("service").asText()).isEqualTo("billing");
        JsonNode all = json(portal.get("/api/v1/capabilities", ADMIN_TOKEN)).get("items");
        assertThat(texts(all, "capability")).containsExactly("auth", "email", "payment");
        JsonNode payment = json(portal.get("/api/v1/capabilities?capability=payment&region=primary-us", ADMIN_TOKEN)).get("items");
        assertThat(texts(payment.get(0).get("providers").get(0).get("services"), "service"))
                .containsExactly("checkout-api", "reconciler");
    }

    @Test
    void incidentLookupRanksDirectAndTransitiveServicesAndSurvivesCycles() throws Exception {
        for (String sbom : new String[] {"checkout-1.6.json", "checkout-v2.json"}) {
            assertThat(portal.upload("checkout-api", "?autoCreate=true&wait=30", "application/json", TestPortal.fixture(sbom))
                    .statusCode()).isEqualTo(200);
        }
        imported();
        HttpResponse<String> response = portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Trustmap-Snapshot-Source")).hasValue("live");
        assertThat(response.headers().firstValue("X-Trustmap-Snapshot-Age")).isPresent();
        JsonNode incident = json(response);
        assertThat(texts(incident.get("affected"), "service"))
                .containsExactly("checkout-api", "storefront", "ledger", "reconciler", "billing");
        JsonNode checkout = incident.get("affected").get(0);
        assertThat(checkout.get("direct").asBoolean()).isTrue();
        assertThat(checkout.get("owner").asText()).isEqualTo("payments-team");
        assertThat(checkout.get("contact").asText()).isEqualTo("#payments-oncall");
        assertThat(checkout.get("via").get("degradedBehavior").asText()).isEqualTo("queue intent, do not capture payment");
        assertThat(checkout.get("via").get("fallback").asText()).isEqualTo("retry capture from the outbox");
        assertThat(checkout.get("via").get("runbook").asText()).startsWith("https://runbooks.example.com");
        assertThat(checkout.get("via").get("crossRegion").asBoolean()).isFalse();
        JsonNode storefront = incident.get("affected").get(1);
        assertThat(storefront.get("depth").asInt()).isEqualTo(2);
        assertThat(texts(storefront.get("path"), null)).containsExactly("storefront", "checkout-api", "provider:stripe/payment");
        assertThat(storefront.get("via").get("userImpact").asText()).isEqualTo("cannot buy");
        assertThat(incident.get("summary").get("affected").asInt()).isEqualTo(5);
        assertThat(incident.get("summary").get("direct").asInt()).isEqualTo(3);
        assertThat(incident.get("summary").get("byTier").get("critical").asInt()).isEqualTo(1);
        assertThat(incident.get("snapshot").get("databaseReachable").asBoolean()).isTrue();
        // the same answer a moment later: its snapshot facts are current (the age header and body agree), the rest is unchanged
        Thread.sleep(1_100);
        HttpResponse<String> later = portal.get("/api/v1/incident/providers/stripe", ADMIN_TOKEN);
        JsonNode again = json(later);
        assertThat(again.get("snapshot").get("ageSeconds").asLong()).isGreaterThan(incident.get("snapshot").get("ageSeconds").asLong())
                .isEqualTo(Long.parseLong(later.headers().firstValue("X-Trustmap-Snapshot-Age").orElseThrow()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) again).remove("snapshot");
        JsonNode before = incident.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) before).remove("snapshot");
        assertThat(again).isEqualTo(before);
        assertThat(texts(incident.get("recentChanges"), "kind")).contains("contract", "sbom", "new-version");
        assertThat(texts(incident.get("recentChanges"), "summary"))
                .contains("pkg:maven/org.apache.logging.log4j/log4j-core 2.14.1 → 2.17.1");

        JsonNode top2 = json(portal.get("/api/v1/incident/providers/stripe?limit=2", ADMIN_TOKEN));
        assertThat(texts(top2.get("affected"), "service")).containsExactly("checkout-api", "storefront");
        assertThat(top2.get("summary").get("affected").asInt()).isEqualTo(5);
        assertThat(top2.get("summary").get("affectedTruncated").asBoolean()).isTrue();
        assertThat(portal.get("/api/v1/incident/providers/stripe?limit=0", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        JsonNode us = json(portal.get("/api/v1/incident/providers/stripe?region=primary-us", ADMIN_TOKEN));
        assertThat(texts(us.get("affected"), "service")).containsExactly("checkout-api", "storefront", "ledger", "reconciler");
        JsonNode auth = json(portal.get("/api/v1/incident/providers/auth0?capability=auth", ADMIN_TOKEN));
        assertThat(texts(auth.get("affected"), "service")).containsExactly("auth-token-service", "checkout-api", "storefront");
        assertThat(json(portal.get("/api/v1/incident/providers/stripe?capability=email", ADMIN_TOKEN)).get("affected")).isEmpty();
        assertThat(json(portal.get("/api/v1/incident/providers/stripe?windowHours=0", ADMIN_TOKEN)).get("recentChanges")).isEmpty();
        assertThat(portal.get("/api/v1/incident/providers/nobody", ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(portal.get("/api/v1/incident/providers/stripe?windowHours=100000", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(portal.get("/api/v1/incident/providers/stripe", null).statusCode()).isEqualTo(401);
    }

    @Test
    void incidentExportsMarkdownGraphAndProviderMaps() throws Exception {
        imported();
        HttpResponse<String> markdown = portal.send("GET", "/api/v1/incident/providers/stripe", ADMIN_TOKEN, null, null,
                "Accept", "text/markdown");
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/markdown"));
        assertThat(markdown.body()).contains("## Incident: provider `stripe`")
                .contains("| # | service | tier | path |")
                .contains("| 1 | checkout-api | CRITICAL |")
                .contains("orders are confirmed without payment capture \\| delayed receipts")
                .contains("payments-team (#payments-oncall)");
        assertThat(portal.get("/api/v1/incident/providers/stripe?format=markdown", ADMIN_TOKEN).body()).isEqualTo(markdown.body());

        JsonNode graph = json(portal.get("/api/v1/incident/providers/stripe/graph", ADMIN_TOKEN));
        assertThat(texts(graph.get("nodes"), "id")).contains("provider:stripe", "service:checkout-api", "service:storefront");
        assertThat(graph.get("edges").toString()).contains("\"from\":\"service:storefront\",\"to\":\"service:checkout-api\"")
                .contains("\"from\":\"service:checkout-api\",\"to\":\"provider:stripe\"");

        JsonNode map = json(portal.get("/api/v1/incident/services/checkout-api/providers", ADMIN_TOKEN));
        assertThat(texts(map.get("capabilities"), "capability")).containsExactly("auth", "payment");
        JsonNode auth = map.get("capabilities").get(0).get("providers").get(0);
        assertThat(auth.get("provider").asText()).isEqualTo("auth0");
        assertThat(auth.get("depth").asInt()).isEqualTo(2);
        assertThat(texts(auth.get("path"), null)).containsExactly("checkout-api", "auth-token-service", "provider:auth0/auth");
        assertThat(portal.get("/api/v1/incident/services/unknown-svc/providers", ADMIN_TOKEN).statusCode()).isEqualTo(404);

        Path saved = dataDir.resolve("incident-graph.json");
        assertThat(saved).exists();
        assertThat(Files.readString(saved)).contains("payment-gateway").contains("checkout-api");
    }
}
