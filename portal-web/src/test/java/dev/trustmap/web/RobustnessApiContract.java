package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input over real HTTP: every error is a problem in the user's words (field, expected,
 * found; never a Java type), text is strict UTF-8 everywhere, purls are kept byte-exact.
 * Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RobustnessApiContract {
    static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|java\\.|javax\\.|jakarta\\.|com\\.fasterxml"
            + "|org\\.glassfish|org\\.eclipse|dev\\.trustmap|Exception|[A-Z][a-z]+[A-Z]\\w*Error\\b|<.*>|\\$"
            + "|TokenRequest|ServiceRequest|ProviderRequest|PolicyRequest|ReviewRequest|TransitionRequest|BomUploadRequest"
            + "|OffsetDateTime|ArrayList|StreamReadConstraints|JsonParser|JsonToken|START_ARRAY|START_OBJECT|VALUE_[A-Z]"
            + "|FAIL_ON|Feature|PackageFacts|REDACTED|Source: ");

    TestPortal portal;

    abstract dev.trustmap.database.platform.DatabaseSettings newDatabase();

    @BeforeAll
    void start() {
        portal = TestPortal.start(newDatabase(), Map.of());
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    /** A 4xx problem in the user's language. */
    private static JsonNode assertUserProblem(String what, int status, String contentType, String body) {
        assertThat(status).as(what + " → " + body).isBetween(400, 499);
        assertThat(contentType).as(what + " content type").startsWith("application/problem+json");
        assertThat(body).as(what).doesNotContainPattern(JAVA_ISH);
        try {
            JsonNode problem = TestPortal.JSON.readTree(body);
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
            assertThat(problem.path("detail").asText()).as(what).isNotBlank();
            return problem;
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + body, e);
        }
    }

    private static JsonNode assertUserProblem(String what, HttpResponse<String> response) {
        return assertUserProblem(what, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private static String fieldsOf(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return String.join(",", fields);
    }

    // ---- JSON bodies --------------------------------------------------------------------------

    /** Every endpoint with a JSON body: method, path, a valid body, its fields to break (name → a value of the wrong kind). */
    private record JsonEndpoint(String method, String path, String validBody, Map<String, String> wrongValues) {
    }

    private static List<JsonEndpoint> jsonEndpoints() {
        return List.of(
                new JsonEndpoint("POST", "/api/v1/tokens", "{\"name\":\"t\",\"roles\":[\"viewer\"]}",
                        Map.of("name", "[1]", "roles", "\"viewer\"", "expiresAt", "\"tomorrow\"", "owner", "{\"a\":1}")),
                new JsonEndpoint("POST", "/api/v1/services", "{\"slug\":\"robust-svc\"}",
                        Map.of("slug", "{}", "regions", "\"eu\"", "tier", "[]")),
                new JsonEndpoint("PUT", "/api/v1/providers/robust-provider", "{\"capabilities\":[\"payments\"],\"regions\":[\"eu\"]}",
                        Map.of("capabilities", "{\"x\":1}", "displayName", "[\"x\"]")),
                new JsonEndpoint("POST", "/api/v1/policies", "{\"name\":\"robust\",\"expression\":\"true\",\"severity\":\"warn\"}",
                        Map.of("expression", "[]", "scope", "\"all\"", "enabled", "\"perhaps\"")),
                new JsonEndpoint("PUT", "/api/v1/policies/robust2", "{\"expression\":\"true\",\"severity\":\"warn\"}",
                        Map.of("severity", "{}", "scope", "[1]")),
                new JsonEndpoint("POST", "/api/v1/policies/dry-run", "{\"name\":\"d\",\"expression\":\"true\",\"severity\":\"warn\"}",
                        Map.of("message", "{}", "target", "[]")),
                new JsonEndpoint("POST", "/api/v1/reviews", "{\"purl\":\"pkg:npm/left-pad\",\"reason\":\"why\"}",
                        Map.of("purl", "[\"pkg:npm/x\"]", "reason", "{}")),
                new JsonEndpoint("POST", "/api/v1/reviews/00000000-0000-0000-0000-000000000000/transitions",
                        "{\"to\":\"in_review\",\"reason\":\"r\"}", Map.of("to", "[]", "expiresAt", "\"2027-13-45T00:00:00Z\"")),
                new JsonEndpoint("PUT", "/api/v1/bom", "{\"projectName\":\"p\",\"bom\":\"e30=\"}",
                        Map.of("projectName", "[]", "autoCreate", "{}", "bom", "[1]")));
    }

    private static List<Map.Entry<String, byte[]>> malformedBodies(JsonEndpoint endpoint) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String valid = endpoint.validBody();
        String inner = valid.substring(1, valid.length() - 1);
        bodies.put("empty", new byte[0]);
        bodies.put("truncated", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8));
        bodies.put("array instead of object", ("[" + valid + "]").getBytes(StandardCharsets.UTF_8));
        bodies.put("string instead of object", "\"x\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("number instead of object", "42".getBytes(StandardCharsets.UTF_8));
        bodies.put("null body", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("unknown field", ("{\"noSuchField\":1," + inner + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("deeply nested", ("{\"noSuchField\":" + "[".repeat(5000) + "]".repeat(5000) + "," + inner + "}")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("huge number", ("{\"x\":1" + "0".repeat(5000) + "," + inner + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("NaN", ("{\"x\":NaN," + inner + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("comment", ("/* c */" + valid + "x").getBytes(StandardCharsets.UTF_8));
        bodies.put("single quotes", valid.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
        bodies.put("trailing comma", ("{" + inner + ",}").getBytes(StandardCharsets.UTF_8));
        bodies.put("UTF-16", valid.getBytes(StandardCharsets.UTF_16BE));
        bodies.put("UTF-32", valid.getBytes(java.nio.charset.Charset.forName("UTF-32LE")));
        bodies.put("NUL between tokens", ("{\u0000" + inner + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("duplicate field", ("{" + inner + "," + inner + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("escaped lone surrogate", ("{\"" + firstField(valid) + "\":\"a\\ud800b\"," + without(valid) + "}")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("escaped lone low surrogate", ("{\"" + firstField(valid) + "\":\"\\udc00\"," + without(valid) + "}")
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> bad : Map.of("overlong slash C0 AF", new byte[] {(byte) 0xC0, (byte) 0xAF},
                "overlong E0 80 AF", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                "surrogate bytes ED A0 80", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                "byte FF", new byte[] {(byte) 0xFF}, "truncated E2 82", new byte[] {(byte) 0xE2, (byte) 0x82},
                "above U+10FFFF F4 90 80 80", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}).entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("{\"" + firstField(valid) + "\":\"a").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bad.getValue());
            out.writeBytes(("b\"," + without(valid) + "}").getBytes(StandardCharsets.UTF_8));
            bodies.put(bad.getKey(), out.toByteArray());
        }
        endpoint.wrongValues().forEach((field, value) -> bodies.put("wrong type for " + field,
                ("{" + withoutField(inner, field) + "\"" + field + "\":" + value + "}").getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(bodies.entrySet());
    }

    /** The members of {@code inner} without {@code field}, followed by a comma if any remain. */
    private static String withoutField(String inner, String field) {
        String rest = inner.replaceAll("\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|\\[[^]]*]|true|false)", "")
                .replace(",,", ",").replaceAll("^,|,$", "");
        return rest.isEmpty() ? "" : rest + ",";
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static String firstField(String valid) {
        return valid.substring(2, valid.indexOf('"', 2));
    }

    private static String without(String valid) {
        String inner = valid.substring(1, valid.length() - 1);
        int comma = inner.indexOf(",\"");
        return comma < 0 ? "\"_pad\":0" : inner.substring(comma + 1);
    }

    @Test
    void everyJsonEndpointAnswersMalformedBodiesWithAProblemInTheUsersWords() {
        List<String> failures = new ArrayList<>();
        for (JsonEndpoint endpoint : jsonEndpoints()) {
            for (Map.Entry<String, byte[]> body : malformedBodies(endpoint)) {
                String what = endpoint.method() + " " + endpoint.path() + " with " + body.getKey() + ": "
                        + abbreviate(new String(body.getValue(), StandardCharsets.UTF_8));
                HttpResponse<String> response = portal.send(endpoint.method(), endpoint.path(), ADMIN_TOKEN, "application/json",
                        body.getValue());
                try {
                    assertUserProblem(what, response);
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        }
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    @Test
    void topologyAndContractBodiesAnswerMalformedInputWithAProblemInTheUsersWords() {
        List<String> failures = new ArrayList<>();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("truncated JSON", "{\"service\": {\"name\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("JSON array", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        bodies.put("JSON string", "\"x\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("YAML tabs and colons", "service:\n\t- : :\n  x: [".getBytes(StandardCharsets.UTF_8));
        bodies.put("YAML block mismatch", "a:\n  b: 1\n c: 2\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("YAML anchors", "a: &x [*x]\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("YAML tag", "a: !!java.lang.Object {}\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("unknown field", "{\"colour\": \"red\"}".getBytes(StandardCharsets.UTF_8));
        bodies.put("wrong types", "{\"services\": {\"a\": 1}, \"dependencies\": \"x\", \"mode\": []}".getBytes(StandardCharsets.UTF_8));
        bodies.put("deeply nested", ("a: " + "[".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("overlong", new byte[] {'a', ':', ' ', (byte) 0xC0, (byte) 0xAF});
        bodies.put("surrogate bytes", new byte[] {'a', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bodies.put("escaped lone surrogate", "{\"name\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8));
        for (String[] endpoint : new String[][] {{"POST", "/api/v1/topology"}, {"POST", "/api/v1/topology?dryRun=true"},
            {"PUT", "/api/v1/services/robust-svc/contracts/payments"}}) {
            for (String type : List.of("application/json", "application/yaml")) {
                for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                    String what = endpoint[0] + " " + endpoint[1] + " as " + type + " with " + body.getKey();
                    try {
                        assertUserProblem(what, portal.send(endpoint[0], endpoint[1], ADMIN_TOKEN, type, body.getValue()));
                    } catch (AssertionError e) {
                        failures.add(e.getMessage());
                    }
                }
            }
        }
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    @Test
    void otherMalformedRequestsAreProblemsInTheUsersWordsToo() {
        List<String> failures = new ArrayList<>();
        Map<String, HttpResponse<String>> responses = new LinkedHashMap<>();
        responses.put("multipart without boundary", portal.send("POST", "/api/v1/bom", ADMIN_TOKEN, "multipart/form-data",
                "garbage".getBytes(StandardCharsets.UTF_8)));
        responses.put("multipart with a wrong boundary", portal.send("POST", "/api/v1/bom", ADMIN_TOKEN,
                "multipart/form-data; boundary=xyz", "--abc\r\nContent-Disposition: form-data; name=\"bom\"\r\n\r\n{}\r\n--abc--\r\n"
                        .getBytes(StandardCharsets.UTF_8)));
        responses.put("multipart truncated", portal.send("POST", "/api/v1/bom", ADMIN_TOKEN, "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\np".getBytes(StandardCharsets.UTF_8)));
        byte[] overlongField = ("--xyz\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\na\u0000\u0000b\r\n--xyz\r\n"
                + "Content-Disposition: form-data; name=\"bom\"\r\n\r\n{}\r\n--xyz--\r\n").getBytes(StandardCharsets.UTF_8);
        int at = new String(overlongField, StandardCharsets.ISO_8859_1).indexOf('\u0000');
        overlongField[at] = (byte) 0xC0;
        overlongField[at + 1] = (byte) 0xAF;
        responses.put("multipart field with an overlong slash", portal.send("POST", "/api/v1/bom", ADMIN_TOKEN,
                "multipart/form-data; boundary=xyz", overlongField));
        responses.put("JSON with a charset that is not UTF-8", portal.send("POST", "/api/v1/services", ADMIN_TOKEN,
                "application/json; charset=ISO-8859-1", "{\"slug\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
        responses.put("a job id that is no UUID", portal.get("/api/v1/jobs/not-a-uuid", ADMIN_TOKEN));
        responses.put("a snapshot id that is no UUID", portal.get("/api/v1/services/s/sboms/not-a-uuid", ADMIN_TOKEN));
        responses.put("a review id that is no UUID", portal.get("/api/v1/reviews/%20", ADMIN_TOKEN));
        responses.put("a token id that is no UUID", portal.send("DELETE", "/api/v1/tokens/xyz", ADMIN_TOKEN, null, null));
        responses.put("a purl with a bad escape", portal.get("/api/v1/packages/detail?purl=pkg:npm/a%25zz", ADMIN_TOKEN));
        responses.put("a purl with an overlong escape", portal.get("/api/v1/usages?purl=pkg:npm/a%25C0%25AF", ADMIN_TOKEN));
        responses.put("a review of a purl with NUL", portal.postJson("/api/v1/reviews", ADMIN_TOKEN,
                "{\"purl\":\"pkg:npm/a%00b\",\"reason\":\"r\"}"));
        responses.put("a policy that does not compile", portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"bad\",\"expression\":\"pkg.nmae == 'x' && int(pkg.name) + \",\"severity\":\"warn\"}"));
        responses.put("a policy with an unknown field", portal.postJson("/api/v1/policies/dry-run", ADMIN_TOKEN,
                "{\"name\":\"bad\",\"expression\":\"events.exists(e, e.knd == 'x')\",\"severity\":\"warn\"}"));
        responses.forEach((what, response) -> {
            try {
                assertUserProblem(what, response);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        });
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    @Test
    void aFieldOfTheWrongKindIsNamedWithWhatWasExpectedAndFound() {
        JsonNode date = assertUserProblem("bad date", portal.postJson("/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"t\",\"roles\":[\"viewer\"],\"expiresAt\":\"tomorrow\"}"));
        assertThat(date.path("errors").get(0).path("field").asText()).isEqualTo("/expiresAt");
        assertThat(date.path("errors").get(0).path("message").asText()).contains("ISO-8601").contains("\"tomorrow\"");

        JsonNode roles = assertUserProblem("roles as a string", portal.postJson("/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"t\",\"roles\":\"viewer\"}"));
        assertThat(roles.path("errors").get(0).path("field").asText()).isEqualTo("/roles");
        assertThat(roles.path("errors").get(0).path("message").asText()).contains("expected an array").contains("found a string");

        JsonNode nested = assertUserProblem("scope values of the wrong kind", portal.postJson("/api/v1/policies", ADMIN_TOKEN,
                "{\"name\":\"n\",\"expression\":\"true\",\"severity\":\"warn\",\"scope\":{\"kind\":\"services\",\"values\":[{}]}}"));
        assertThat(nested.path("errors").get(0).path("field").asText()).isEqualTo("/scope/values/0");

        JsonNode unknown = assertUserProblem("unknown field", portal.postJson("/api/v1/services", ADMIN_TOKEN,
                "{\"slug\":\"x\",\"colour\":\"red\"}"));
        assertThat(unknown.path("errors").get(0).path("field").asText()).isEqualTo("/colour");
        assertThat(unknown.path("errors").get(0).path("message").asText()).contains("unknown field").contains("slug");

        JsonNode syntax = assertUserProblem("syntax", portal.postJson("/api/v1/services", ADMIN_TOKEN, "{\"slug\":\n  x}"));
        assertThat(syntax.path("detail").asText()).contains("line 2");
    }

    @Test
    void overlongAndSurrogateTextInBodiesIsRefusedAndNeverStored() {
        byte[] overlong = "{\"slug\":\"a\u0001b\"}".getBytes(StandardCharsets.UTF_8);
        overlong[10] = (byte) 0xC0;
        byte[] withSlash = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, withSlash, 0, 11);
        withSlash[11] = (byte) 0xAF;
        System.arraycopy(overlong, 11, withSlash, 12, overlong.length - 11);
        JsonNode problem = assertUserProblem("overlong slash", portal.send("POST", "/api/v1/services", ADMIN_TOKEN,
                "application/json", withSlash));
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).contains("UTF-8");
        assertThat(portal.count("SELECT COUNT(*) FROM service WHERE slug LIKE 'a%b'")).isZero();

        JsonNode surrogate = assertUserProblem("escaped lone surrogate", portal.send("PUT", "/api/v1/providers/p", ADMIN_TOKEN,
                "application/json", "{\"displayName\":\"x\\ud800\",\"capabilities\":[\"payments\"],\"regions\":[\"eu\"]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(surrogate.path("status").asInt()).isEqualTo(400);
        assertThat(fieldsOf(surrogate)).isEqualTo("/displayName");
        assertThat(portal.count("SELECT COUNT(*) FROM provider WHERE name = 'p'")).isZero();
    }

    // ---- query parameters and URL parts -------------------------------------------------------

    @Test
    void typedQueryParametersAreNamedWhenTheyAreNotNumbersOrNegative() {
        List<String> get = List.of("/api/v1/services?offset=%s", "/api/v1/services?limit=%s", "/api/v1/packages?offset=%s",
                "/api/v1/packages?limit=%s", "/api/v1/reviews?offset=%s", "/api/v1/reviews?limit=%s",
                "/api/v1/events?windowHours=%s", "/api/v1/events?limit=%s", "/api/v1/packages/pkg:npm/left-pad/events?windowHours=%s",
                "/api/v1/packages/pkg:npm/left-pad/events?limit=%s", "/api/v1/jobs/00000000-0000-0000-0000-000000000000?wait=%s",
                "/api/v1/incident/providers/p?windowHours=%s", "/api/v1/incident/providers/p?limit=%s",
                "/api/v1/services/s/sboms/00000000-0000-0000-0000-000000000000/components?offset=%s",
                "/api/v1/services/s/contracts?includeRemoved=%s");
        List<String> post = List.of("/api/v1/policies/dry-run?limit=%s", "/api/v1/services/s/sboms?wait=%s",
                "/api/v1/gate?service=s&pendingWaitSeconds=%s", "/api/v1/services/s/sboms?wait=1&autoCreate=%s",
                "/api/v1/topology?dryRun=%s");
        List<String> failures = new ArrayList<>();
        for (String value : List.of("abc", "-1", "1.5", "1e3", "99999999999999999999", "%20", "maybe")) {
            for (String template : get) {
                if (template.contains("includeRemoved") != value.equals("maybe")) {
                    continue;
                }
                check(failures, template, value, portal.get(String.format(Locale.ROOT, template, value), ADMIN_TOKEN));
            }
            for (String template : post) {
                if ((template.contains("autoCreate") || template.contains("dryRun")) != value.equals("maybe")) {
                    continue;
                }
                byte[] body = template.contains("dry-run")
                        ? "{\"name\":\"d\",\"expression\":\"true\",\"severity\":\"warn\"}".getBytes(StandardCharsets.UTF_8)
                        : template.contains("topology") ? "services: []".getBytes(StandardCharsets.UTF_8)
                        : "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}".getBytes(StandardCharsets.UTF_8);
                String type = template.contains("dry-run") ? "application/json" : template.contains("topology") ? "application/yaml"
                        : "application/vnd.cyclonedx+json";
                check(failures, template, value, portal.send("POST", String.format(Locale.ROOT, template, value), ADMIN_TOKEN, type, body));
            }
        }
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }

    private static void check(List<String> failures, String template, String value, HttpResponse<String> response) {
        String param = template.substring(template.lastIndexOf('?') + 1);
        param = param.substring(param.lastIndexOf('&') + 1);
        param = param.substring(0, param.indexOf('='));
        String what = template + " with " + value;
        try {
            JsonNode problem = assertUserProblem(what, response);
            assertThat(response.statusCode()).as(what + " " + response.body()).isEqualTo(400);
            assertThat(fieldsOf(problem) + " " + problem.path("detail").asText()).as(what).contains(param);
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    @Test
    void invalidUtf8InQueryParametersAndPathSegmentsIsRefused() {
        for (String path : List.of("/api/v1/usages?purl=pkg:npm/a%C0%AFb", "/api/v1/usages?purl=pkg:npm/a%ED%A0%80b",
                "/api/v1/usages?purl=pkg:npm/a%E0%80%AFb", "/api/v1/usages?purl=pkg:npm/a%FFb", "/api/v1/usages?purl=pkg:npm/a%E2%82",
                "/api/v1/packages/detail?purl=pkg:npm/%C0%AF", "/api/v1/reviews?purl=pkg:npm/%ED%A0%80",
                "/api/v1/services/a%C0%AFb", "/api/v1/packages/pkg:npm/a%ED%A0%80b", "/api/v1/providers/a%E0%80%AF",
                "/api/v1/services?offset=%C0%AF")) {
            JsonNode problem = assertUserProblem(path, portal.get(path, ADMIN_TOKEN));
            assertThat(problem.path("status").asInt()).as(path).isEqualTo(400);
            assertThat(problem.path("detail").asText()).as(path).contains("UTF-8");
        }
    }

    @Test
    void errorsOfTheHttpServerItselfAreProblemsToo() throws IOException {
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("encoded dot segments", "GET /api/v1/services/..%2F..%2Fhealth HTTP/1.1");
        requests.put("encoded slash outside a purl", "GET /api/v1/services/web%2Fsboms HTTP/1.1");
        requests.put("empty segment", "GET /api//v1/services HTTP/1.1");
        requests.put("bad escape", "GET /api/v1/services/%zz HTTP/1.1");
        requests.put("truncated escape", "GET /api/v1/services/%4 HTTP/1.1");
        requests.put("bad escape in query", "GET /api/v1/services?offset=%zz HTTP/1.1");
        requests.put("encoded NUL", "GET /api/v1/services/a%00b HTTP/1.1");
        requests.put("backslash", "GET /api/v1/services/..\\..\\ HTTP/1.1");
        requests.put("URI too long", "GET /api/v1/services/" + "a".repeat(70_000) + " HTTP/1.1");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawResponse response = raw(request.getValue() + "\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nConnection: close\r\n\r\n");
            assertUserProblem(request.getKey() + " (" + response.status + ")", response.status, response.contentType, response.body);
        }
        RawResponse headers = raw("GET /api/v1/services HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n");
        assertUserProblem("headers too large (" + headers.status + ")", headers.status, headers.contentType, headers.body);
        assertThat(headers.status).isEqualTo(431);
    }

    private record RawResponse(int status, String contentType, String body) {
    }

    private RawResponse raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", portal.portal.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything (too large); read its answer
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException e) {
                // connection reset after the answer
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP answer to " + request.substring(0, Math.min(80, request.length())) + ": " + text).isPositive();
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = text.substring(end + 4);
            if (chunked) {
                StringBuilder joined = new StringBuilder();
                int at = 0;
                while (at < body.length()) {
                    int lineEnd = body.indexOf("\r\n", at);
                    int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    joined.append(body, lineEnd + 2, lineEnd + 2 + size);
                    at = lineEnd + 2 + size + 2;
                }
                body = joined.toString();
            }
            return new RawResponse(status, contentType, body);
        }
    }

    // ---- keep-alive -----------------------------------------------------------------------------

    /** A publisher that sends its body only after a pause: the server answers before it has the body. */
    private static HttpRequest.BodyPublisher slowBody(byte[] body, long delayMillis) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.length;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    private boolean done;

                    @Override
                    public synchronized void request(long n) {
                        if (done) {
                            return;
                        }
                        done = true;
                        try {
                            Thread.sleep(delayMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        subscriber.onNext(ByteBuffer.wrap(body));
                        subscriber.onComplete();
                    }

                    @Override
                    public void cancel() {
                        done = true;
                    }
                });
            }
        };
    }

    @Test
    void anEarlyAnswerToARequestWithABodyLeavesTheConnectionUsable() {
        byte[] body = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            HttpRequest early = HttpRequest.newBuilder(URI.create(portal.base + "/api/v1/gate")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/vnd.cyclonedx+json")
                    .POST(slowBody(body, 300)).build();
            HttpResponse<String> refused = portal.send(early);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            HttpResponse<String> next = portal.get("/api/v1/services", ADMIN_TOKEN);
            assertThat(next.statusCode()).isEqualTo(200);
        }
        byte[] larger = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[],\"pad\":\""
                + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> refused = portal.send("POST", "/api/v1/gate", ADMIN_TOKEN, "application/vnd.cyclonedx+json",
                    i % 2 == 0 ? body : larger);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(portal.get("/api/v1/services", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        }
    }

    // ---- purls ----------------------------------------------------------------------------------

    private static String sbom(String purl) {
        String escaped = purl.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[{\"type\":\"library\","
                + "\"bom-ref\":\"c1\",\"name\":\"c1\",\"version\":\"1\",\"purl\":\"" + escaped + "\"}]}";
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void controlCharactersInPurlsAreRefusedNamingTheComponent() {
        Map<String, Long> before = portal.rowCounts();
        for (String purl : List.of("pkg:npm/nulpkg%00x@1", "pkg:npm/tab%09x@1", "pkg:npm/nl%0Ax@1", "pkg:npm/del%7Fx@1",
                "pkg:npm/ns%00/x@1", "pkg:npm/x@1%00", "pkg:npm/x@1?k=v%00")) {
            HttpResponse<String> response = portal.upload("purl-svc", "?wait=30&autoCreate=true", "application/vnd.cyclonedx+json",
                    sbom(purl).getBytes(StandardCharsets.UTF_8));
            JsonNode problem = assertUserProblem(purl, response);
            assertThat(response.statusCode()).as(purl + " " + response.body()).isEqualTo(422);
            assertThat(problem.path("detail").asText()).as(purl).contains("c1").contains("control character");
        }
        assertThat(portal.rowCounts()).isEqualTo(before);
    }

    @Test
    void aPurlIsFoundByPathAsUsersTypeIt() {
        for (String purl : List.of("pkg:npm/%40angular/core@17.0.0", "pkg:npm/events@3.3.0", "pkg:npm/left-pad@1.3.0")) {
            assertThat(portal.upload("typed-purls", "?wait=30&autoCreate=true", "application/vnd.cyclonedx+json",
                    sbom(purl).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        }
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("pkg%3Anpm%2Fleft-pad", "pkg:npm/left-pad");                       // encodeURIComponent
        typed.put("pkg%3anpm%2fleft-pad", "pkg:npm/left-pad");                       // lower-case escapes
        typed.put("pkg:npm/left-pad", "pkg:npm/left-pad");                           // as written
        typed.put("pkg:npm/%40angular/core", "pkg:npm/%40angular/core");             // the purl's own %40
        typed.put("pkg%3Anpm%2F%40angular%2Fcore", "pkg:npm/%40angular/core");       // encoded, %40 kept
        typed.put("pkg%3Anpm%2F%2540angular%2Fcore", "pkg:npm/%40angular/core");     // encodeURIComponent of the canonical purl
        typed.put("pkg:npm/events", "pkg:npm/events");                               // a package named events
        typed.put("pkg%3Anpm%2Fevents", "pkg:npm/events");
        for (Map.Entry<String, String> entry : typed.entrySet()) {
            HttpResponse<String> response = portal.get("/api/v1/packages/" + entry.getKey(), ADMIN_TOKEN);
            assertThat(response.statusCode()).as(entry.getKey() + " " + response.body()).isEqualTo(200);
            assertThat(json(response).path("purl").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        HttpResponse<String> events = portal.get("/api/v1/packages/pkg%3Anpm%2Fevents/events", ADMIN_TOKEN);
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(json(events).has("items")).isTrue();
        assertUserProblem("unknown", portal.get("/api/v1/packages/pkg%3Anpm%2Fnot-there", ADMIN_TOKEN));
    }

    @Test
    void aPurlThePortalAcceptedIsStoredByteExactAndFoundByEveryPurlEndpoint() {
        String reviewer = portal.token("purl-reviewer", "\"reviewer\"", null);
        for (String purl : List.of("pkg:npm/%40scope/sp%20ace@1.0.0", "pkg:npm/caf%C3%A9@2.0.0", "pkg:npm/per%25cent@1",
                "pkg:maven/org.example/a%2Fb@1?classifier=x%20y", "pkg:npm/emoji%F0%9F%98%80@1", "pkg:npm/q%3Fmark@1")) {
            HttpResponse<String> uploaded = portal.upload("faithful-svc", "?wait=30&autoCreate=true", "application/vnd.cyclonedx+json",
                    sbom(purl).getBytes(StandardCharsets.UTF_8));
            assertThat(uploaded.statusCode()).as(purl + " " + uploaded.body()).isEqualTo(200);
            String stored;
            try (var c = java.sql.DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password());
                 var s = c.prepareStatement("SELECT p.purl FROM software_package p JOIN package_version v ON v.package_id = p.id "
                         + "WHERE v.purl = ?")) {
                String versionPurl = dev.trustmap.scanner.sbom.Purls.normalise(purl).versionPurl();
                s.setString(1, versionPurl);
                try (var rs = s.executeQuery()) {
                    assertThat(rs.next()).as("version row of " + versionPurl).isTrue();
                    stored = rs.getString(1);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(stored).as("stored byte-exact as given (canonical)").isEqualTo(purl.substring(0, purl.lastIndexOf('@')));
            HttpResponse<String> byPath = portal.get("/api/v1/packages/" + stored.replace("%", "%25").replace("?", "%3F"), ADMIN_TOKEN);
            assertThat(byPath.statusCode()).as(stored + " by path " + byPath.body()).isEqualTo(200);
            assertThat(json(byPath).path("purl").asText()).isEqualTo(stored);
            // the purl as one encoded segment (encodeURIComponent), and as written with only ':' and '/' encoded (which
            // cannot tell a purl's own %2F, %3A or %3F from an encoded '/', ':' or '?': such a purl is found fully encoded only)
            List<String> segments = new ArrayList<>(List.of(enc(stored)));
            if (!stored.contains("%2F") && !stored.contains("%3A") && !stored.contains("%3F")) {
                segments.add(stored.replace("?", "%3F").replace(":", "%3A").replace("/", "%2F"));
            }
            for (String segment : segments) {
                HttpResponse<String> encoded = portal.get("/api/v1/packages/" + segment, ADMIN_TOKEN);
                assertThat(encoded.statusCode()).as(stored + " as " + segment + " " + encoded.body()).isEqualTo(200);
                assertThat(json(encoded).path("purl").asText()).isEqualTo(stored);
                assertThat(portal.get("/api/v1/packages/" + segment + "/events", ADMIN_TOKEN).statusCode()).as(segment + "/events")
                        .isEqualTo(200);
            }
            HttpResponse<String> byQuery = portal.get("/api/v1/packages/detail?purl=" + enc(stored), ADMIN_TOKEN);
            assertThat(byQuery.statusCode()).as(stored + " by query " + byQuery.body()).isEqualTo(200);
            assertThat(json(byQuery).path("purl").asText()).isEqualTo(stored);
            HttpResponse<String> events = portal.get("/api/v1/packages/" + stored.replace("%", "%25").replace("?", "%3F") + "/events",
                    ADMIN_TOKEN);
            assertThat(events.statusCode()).as(stored + " events " + events.body()).isEqualTo(200);
            HttpResponse<String> usages = portal.get("/api/v1/usages?purl=" + enc(stored), ADMIN_TOKEN);
            assertThat(usages.statusCode()).as(stored + " usages " + usages.body()).isEqualTo(200);
            assertThat(json(usages).path("services").asInt() + json(usages).path("items").size()).as(usages.body()).isPositive();
            HttpResponse<String> review = portal.postJson("/api/v1/reviews", ADMIN_TOKEN,
                    "{\"purl\":\"" + stored + "\",\"reason\":\"check\"}");
            assertThat(review.statusCode()).as(stored + " review " + review.body()).isEqualTo(201);
            HttpResponse<String> reviews = portal.get("/api/v1/reviews?purl=" + enc(stored), ADMIN_TOKEN);
            assertThat(reviews.statusCode()).as(stored + " reviews " + reviews.body()).isEqualTo(200);
            assertThat(reviews.body()).contains(stored.replace("\"", "\\\""));
            assertThat(json(reviews).get("total").asInt()).as(reviews.body()).isEqualTo(1);
            HttpResponse<String> refresh = portal.send("POST", "/api/v1/packages/" + stored.replace("%", "%25").replace("?", "%3F")
                    + "/refresh", reviewer, null, null);
            assertThat(refresh.statusCode()).as(stored + " refresh " + refresh.body()).isEqualTo(202);
        }
    }
}
