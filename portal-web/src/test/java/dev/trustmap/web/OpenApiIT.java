package dev.trustmap.web;

import static dev.trustmap.web.TestPortal.ADMIN_TOKEN;
import static dev.trustmap.web.TestPortal.JSON;
import static dev.trustmap.web.TestPortal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.database.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/openapi.json} of a real portal: open, complete (every Jersey route), with roles, and valid OpenAPI 3.1. */
class OpenApiIT {
    private static final Set<String> OPEN = Set.of("GET /health/live", "GET /health/ready", "GET /metrics", "GET /api/v1/openapi.json");
    private static TestPortal portal;
    private static HttpResponse<String> response;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        portal = TestPortal.start(TestDatabases.h2(), Map.of());
        response = portal.get("/api/v1/openapi.json", null);
        document = response.statusCode() == 200 ? json(response) : JSON.createObjectNode();
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    @Test
    void theDocumentIsServedAsJsonWithoutAToken() {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Trustmap");
        assertThat(document.path("info").path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/");
        assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").get(0).has("bearer")).isTrue();
        // the same document with a token, and the rest of the API still wants one
        assertThat(portal.get("/api/v1/openapi.json", ADMIN_TOKEN).body()).isEqualTo(response.body());
        assertThat(portal.get("/api/v1/services", null).statusCode()).isEqualTo(401);
    }

    @Test
    void everyRegisteredJerseyRouteIsInTheDocument() {
        Set<String> routes = jerseyRoutes(portal.portal.resources());
        assertThat(routes).as("the registered routes were found").hasSizeGreaterThan(50)
                .contains("GET /api/v1/services", "POST /api/v1/services/{service}/sboms", "GET /api/v1/packages/{purl}",
                        "GET /api/version", "PATCH /api/v1/project/{uuid}");
        Set<String> documented = documentedRoutes();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(documented);
        assertThat(missing).as("Jersey routes missing from /api/v1/openapi.json").isEmpty();
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(routes);
        assertThat(unknown).as("documented operations that no resource serves").isEmpty();
    }

    @Test
    void everyOperationNamesTheRolesThatMayCallIt() {
        List<String> problems = new ArrayList<>();
        forEachOperation((route, operation) -> {
            JsonNode roles = operation.path("x-roles");
            if (!roles.isArray()) {
                problems.add(route + ": no x-roles");
                return;
            }
            boolean open = OPEN.contains(route);
            if (open != roles.isEmpty()) {
                problems.add(route + ": x-roles " + roles + (open ? " on an open route" : " empty on a route that needs a token"));
            }
            if (!open && !operation.path("security").toString().equals("[{\"bearer\":[]}]")) {
                problems.add(route + ": security " + operation.path("security"));
            }
            if (open && !operation.path("security").toString().equals("[{}]")) {
                problems.add(route + ": open but security " + operation.path("security"));
            }
            if (!operation.path("description").asText().contains(open ? "no token needed" : "Roles: ")) {
                problems.add(route + ": the description does not say who may call it");
            }
            if (!open && !operation.path("responses").has("403")) {
                problems.add(route + ": no 403");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(operation("/api/v1/tokens", "post").path("x-roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(operation("/api/v1/services", "get").path("x-roles").toString())
                .isEqualTo("[\"viewer\",\"reviewer\",\"scanner\",\"admin\"]");
        assertThat(operation("/api/v1/reviews/{id}/transitions", "post").path("x-roles").toString()).isEqualTo("[\"reviewer\",\"admin\"]");
    }

    @Test
    void bodiesListsAndProblemsHaveSchemas() {
        assertThat(ref(operation("/api/v1/services", "post").path("requestBody").path("content").path("application/json")))
                .isEqualTo("ServiceRequest");
        assertThat(ref(operation("/api/v1/services", "post").path("responses").path("201").path("content").path("application/json")))
                .isEqualTo("ServiceResponse");
        assertThat(ref(operation("/api/v1/services/{service}", "get").path("responses").path("200").path("content")
                .path("application/json"))).isEqualTo("ServiceResponse");
        // every operation that pages answers the envelope
        List<String> notEnveloped = new ArrayList<>();
        forEachOperation((route, operation) -> {
            Set<String> query = new LinkedHashSet<>();
            operation.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    query.add(p.path("name").asText());
                }
            });
            if (query.containsAll(Set.of("offset", "limit")) && route.startsWith("GET /api/v1/")) {
                JsonNode media = operation.path("responses").path("200").path("content").path("application/json");
                // one schema, or (pkg:npm/events is a package, and its events) one of several: the list among them is enveloped
                List<String> names = new ArrayList<>();
                media.path("schema").path("oneOf").forEach(option -> names.add(option.path("$ref").asText().replace("#/components/schemas/", "")));
                if (names.isEmpty()) {
                    names.add(ref(media));
                }
                if (names.stream().noneMatch(name -> fields(schema(name).path("properties")).containsAll(List.of("items", "total", "offset", "limit")))) {
                    notEnveloped.add(route);
                }
            }
        });
        assertThat(notEnveloped).as("lists without the {items, total, offset, limit} envelope").isEmpty();
        // every 2xx JSON answer says what it holds
        List<String> untyped = new ArrayList<>();
        forEachOperation((route, operation) -> operation.path("responses").fields().forEachRemaining(r -> {
            JsonNode media = r.getValue().path("content").path("application/json");
            if (r.getKey().startsWith("2") && !media.isMissingNode() && media.path("schema").isEmpty()) {
                untyped.add(route + " " + r.getKey());
            }
        }));
        assertThat(untyped).as("JSON answers without a schema").isEmpty();

        JsonNode problem = schema("Problem");
        assertThat(fields(problem.path("properties"))).contains("type", "title", "status", "detail", "instance", "requestId", "errors");
        for (ProblemType type : ProblemType.values()) {
            assertThat(problem.path("description").asText()).contains("`" + type.uri() + "`");
        }
        JsonNode problemResponse = document.path("components").path("responses").path("Problem").path("content")
                .path("application/problem+json");
        assertThat(problemResponse.path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/Problem");
        assertThat(problemResponse.path("examples").path("validation").path("value").path("type").asText()).isEqualTo("/problems/validation");
        forEachOperation((route, operation) -> assertThat(operation.path("responses").path("4XX").path("$ref").asText())
                .as(route).isEqualTo("#/components/responses/Problem"));
        JsonNode upload = operation("/api/v1/services/{service}/sboms", "post");
        assertThat(upload.path("requestBody").path("content").path("application/vnd.cyclonedx+json").path("examples").toString())
                .contains("CycloneDX");
        assertThat(ref(upload.path("responses").path("202").path("content").path("application/json"))).isEqualTo("JobResponse");
    }

    @Test
    void theDocumentValidatesAgainstTheOpenApi31Schema() throws IOException {
        Schema schema;
        try (InputStream in = OpenApiIT.class.getResourceAsStream("/openapi/oas-3.1-schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(JSON.readTree(in));
        }
        List<Error> errors = schema.validate(document);
        assertThat(errors).as("OpenAPI 3.1 schema errors").extracting(Error::toString).isEmpty();
        // and the validator does reject a broken document
        ObjectNode broken = document.deepCopy();
        broken.remove("info");
        ((ObjectNode) broken.path("paths").path("/api/v1/services")).put("get", "not an operation");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    /** "METHOD /path" of every route of the registered resources (pages outside the API left out), from Jersey's own model. */
    static Set<String> jerseyRoutes(ResourceConfig application) {
        Set<Class<?>> classes = new LinkedHashSet<>(application.getClasses());
        application.getInstances().forEach(i -> classes.add(i.getClass()));
        Set<String> routes = new TreeSet<>();
        for (Class<?> c : classes) {
            if (!Resource.isAcceptable(c) || !c.isAnnotationPresent(jakarta.ws.rs.Path.class)
                    || c.getPackageName().startsWith("dev.trustmap.web")) {
                continue;
            }
            Resource resource = Resource.from(c);
            collect(resource.getPath(), resource, routes);
        }
        return routes;
    }

    private static void collect(String prefix, Resource resource, Set<String> routes) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + normalise(prefix));
        }
        for (Resource child : resource.getChildResources()) {
            collect(prefix + "/" + child.getPath(), child, routes);
        }
    }

    private static String normalise(String path) {
        String p = ("/" + path).replaceAll("\\{\\s*([A-Za-z0-9_.-]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        forEachOperation((route, operation) -> routes.add(route));
        return routes;
    }

    private interface OperationVisitor {
        void visit(String route, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(op.getKey())) {
                visitor.visit(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
    }

    private static JsonNode operation(String path, String method) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path + " in the document").isTrue();
        return operation;
    }

    private static String ref(JsonNode media) {
        return media.path("schema").path("$ref").asText().replace("#/components/schemas/", "");
    }

    private static JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("schema " + name).isTrue();
        return schema;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
