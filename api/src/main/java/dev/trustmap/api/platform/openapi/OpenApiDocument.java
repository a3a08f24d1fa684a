package dev.trustmap.api.platform.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trustmap.api.platform.http.Problem;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.Roles;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The OpenAPI 3.1 document of the API, generated from the registered resource classes by
 * swagger's JAX-RS reader (no classpath scanning) and completed by code that holds for every
 * route: the roles of each operation (from {@code @RolesAllowed} / {@code @PermitAll}, as
 * {@code x-roles}, a sentence and the security requirement), the shared RFC 9457 problem
 * responses, and status {@code 200} for methods that return their body type. Built once, on first
 * use.
 */
public final class OpenApiDocument {
    static final String BEARER = "bearer";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private final Supplier<? extends Collection<Class<?>>> resources;
    private volatile byte[] json;

    /** @param resources the resource classes the application registers (read on first use, once everything is registered) */
    public OpenApiDocument(Supplier<? extends Collection<Class<?>>> resources) {
        this.resources = resources;
    }

    /** The document as compact JSON. */
    public byte[] json() {
        byte[] built = json;
        if (built == null) {
            synchronized (this) {
                built = json;
                if (built == null) {
                    try {
                        built = Json31.mapper().writeValueAsBytes(build(resources.get()));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("The OpenAPI document cannot be written", e);
                    }
                    json = built;
                }
            }
        }
        return built;
    }

    /** The document for these resource classes (those outside {@code dev.trustmap.api} are left out). */
    static OpenAPI build(Collection<Class<?>> classes) {
        Set<Class<?>> ours = classes.stream()
                .filter(c -> c.isAnnotationPresent(Path.class) && c.getName().startsWith("dev.trustmap.api."))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        OpenAPI base = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title("Trustmap").version(version()).description("""
                        Dependency governance portal: services, their SBOM snapshots, packages and their trust evidence, \
                        provider contracts and incident lookups, policies, reviews and the CI gate. Every operation names the \
                        roles that may call it (`x-roles`; `admin` has every role). Lists answer \
                        `{items, total, offset, limit}`; errors are RFC 9457 problems (`application/problem+json`)."""))
                .servers(List.of(new Server().url("/").description("this portal")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("An API token: `Authorization: Bearer <token>` (or `X-Api-Key: <token>`); with OIDC"
                                + " configured, also an access token of the issuer (a JWT).")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).openAPI31(true).prettyPrint(false)
                .readAllResources(true);
        OpenAPI api = new Reader(config).read(ours);
        api.setOpenapi("3.1.0");
        addProblems(api);
        Set<String> operationIds = new java.util.HashSet<>();
        for (Class<?> resource : ours) {
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Operation operation = operation(api, path(resource, method), verb);
                    if (operation != null) {
                        complete(operation, method);
                        operation.setOperationId(unique(operationId(resource, method), operationIds));
                    }
                }
            }
        }
        pruneUnusedSchemas(api);
        return api;
    }

    /** {@code serviceList}, {@code tokenCreate}, {@code dependencyTrackProjectsPatch}: the resource and the method's name. */
    private static String operationId(Class<?> resource, Method method) {
        String name = resource.getSimpleName().replaceFirst("Resource$", "");
        if (resource.getEnclosingClass() != null) {
            name = resource.getEnclosingClass().getSimpleName().replaceFirst("Resource$", "") + name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1)
                + Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
    }

    private static String unique(String id, Set<String> taken) {
        String candidate = id;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = id + i;
        }
        return candidate;
    }

    /**
     * Drops the schemas no operation reaches (the reader also describes types it met on the way, such as the multipart
     * classes behind a form parameter whose body is described by an annotation).
     */
    private static void pruneUnusedSchemas(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json31.mapper().valueToTree(api);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("components")).remove("schemas");
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(refs(tree));
        Set<String> used = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (used.add(name) && schemas.containsKey(name)) {
                todo.addAll(refs(Json31.mapper().valueToTree(schemas.get(name))));
            }
        }
        schemas.keySet().retainAll(used);
    }

    private static List<String> refs(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode ref : node.findValues("$ref")) {
            if (ref.asText().startsWith("#/components/schemas/")) {
                names.add(ref.asText().substring("#/components/schemas/".length()));
            }
        }
        return names;
    }

    /** The route's path as the document writes it: the class's and the method's {@code @Path}, without regular expressions. */
    public static String path(Class<?> resource, Method method) {
        String path = "/" + resource.getAnnotation(Path.class).value();
        if (method.isAnnotationPresent(Path.class)) {
            path += "/" + method.getAnnotation(Path.class).value();
        }
        path = path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The HTTP method of a resource method, or null when it is none. */
    public static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The roles allowed to call it; empty when it is open to everyone ({@code @PermitAll}). */
    public static List<String> roles(Method method) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return List.of();
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return method.getDeclaringClass().isAnnotationPresent(PermitAll.class) ? List.of() : List.of(Roles.ADMIN);
        }
        List<String> roles = new ArrayList<>(Arrays.asList(allowed.value()));
        if (!roles.contains(Roles.ADMIN)) {
            roles.add(Roles.ADMIN);
        }
        return roles;
    }

    private static Operation operation(OpenAPI api, String path, String verb) {
        PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
        if (item == null) {
            return null;
        }
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(verb.toUpperCase(Locale.ROOT)));
    }

    private static void complete(Operation operation, Method method) {
        List<String> roles = roles(method);
        operation.addExtension("x-roles", roles);
        String who;
        if (roles.isEmpty()) {
            operation.setSecurity(List.of(new SecurityRequirement()));
            who = "Open: no token needed.";
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
            who = "Roles: " + String.join(", ", roles) + ".";
        }
        operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);
        if (operation.getParameters() != null) {
            // Content-Type and Content-Length are read by the method but are not parameters in OpenAPI's sense
            operation.getParameters().removeIf(p -> "header".equals(p.getIn())
                    && Set.of("content-type", "content-length", "accept").contains(p.getName().toLowerCase(Locale.ROOT)));
            for (var parameter : operation.getParameters()) {
                if ("query".equals(parameter.getIn()) && parameter.getDescription() == null) {
                    parameter.setDescription(switch (parameter.getName()) {
                        case "offset" -> "Items to skip (0 or more; default 0).";
                        case "limit" -> "Items to answer at most.";
                        default -> null;
                    });
                }
            }
            if (operation.getParameters().isEmpty()) {
                operation.setParameters(null);
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse fallback = responses.remove("default");
        if (fallback != null && responses.keySet().stream().noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
            fallback.setDescription("OK");
            responses.put("200", fallback);
        }
        if (!roles.isEmpty()) {
            responses.putIfAbsent("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
            responses.putIfAbsent("403", new ApiResponse().$ref("#/components/responses/Forbidden"));
        }
        responses.putIfAbsent("4XX", new ApiResponse().$ref("#/components/responses/Problem"));
        responses.putIfAbsent("5XX", new ApiResponse().$ref("#/components/responses/Problem"));
        operation.setResponses(responses);
    }

    /** The RFC 9457 problem schema, every problem type in its description, and the shared problem responses. */
    private static void addProblems(OpenAPI api) {
        Map<String, Schema> schemas = ModelConverters.getInstance(true).readAll(new AnnotatedType(Problem.class));
        Schema<?> problem = schemas.get("Problem");
        StringBuilder types = new StringBuilder("""
                An RFC 9457 problem. `type` is one of the problem types below (a relative URI), `title` its fixed \
                title, `detail` what went wrong in this request, `requestId` the request's `X-Request-Id`, `errorId` \
                (unexpected errors only) the id logged with the error, `errors` the fields of a request that do not fit.

                | type | status | title |
                |---|---|---|
                """);
        List<String> uris = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            types.append("| `").append(type.uri()).append("` | ").append(type.status()).append(" | ").append(type.title()).append(" |\n");
            uris.add(type.uri());
        }
        problem.setDescription(types.toString());
        Schema<String> typeProperty = new Schema<>();
        typeProperty.addType("string");
        typeProperty.setEnum(uris);
        problem.getProperties().put("type", typeProperty);
        problem.setRequired(List.of("type", "title", "status"));
        Components components = api.getComponents();
        schemas.forEach(components::addSchemas);
        components.addResponses("Problem", problemResponse("A problem (see the Problem schema for every type).",
                Map.of("validation", example(ProblemType.VALIDATION, "limit must be between 1 and 500",
                        "/api/v1/services", List.of(Map.of("field", "limit", "message", "must be between 1 and 500"))),
                        "notFound", example(ProblemType.NOT_FOUND, "No service named 'checkout-api'",
                                "/api/v1/services/checkout-api", List.of()))));
        components.addResponses("Unauthorized", problemResponse("No token, or an unknown, expired or revoked one.",
                Map.of("missing", example(ProblemType.UNAUTHORIZED, "Missing credentials: send 'Authorization: Bearer <API token>'",
                        "/api/v1/services", List.of()))));
        components.addResponses("Forbidden", problemResponse("The token lacks every role the operation allows.",
                Map.of("role", example(ProblemType.FORBIDDEN, "Your token's roles do not allow this operation", "/api/v1/tokens", List.of()))));
    }

    private static ApiResponse problemResponse(String description, Map<String, Example> examples) {
        MediaType media = new MediaType().schema(new Schema<>().$ref(PROBLEM_REF));
        examples.forEach(media::addExamples);
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    private static Example example(ProblemType type, String detail, String instance, List<Map<String, String>> errors) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", type.uri());
        value.put("title", type.title());
        value.put("status", type.status());
        value.put("detail", detail);
        value.put("instance", instance);
        value.put("requestId", "3f1c2a9e-5b7d-4e21-9a43-0c6d8e2f1b57");
        if (!errors.isEmpty()) {
            value.put("errors", errors);
        }
        return new Example().summary(type.title()).value(value);
    }

    private static String version() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
