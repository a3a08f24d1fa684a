package dev.trustmap.scanner.sbom;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Writes realistic CycloneDX 1.6 JSON SBOMs for benchmarks and tests, deterministically from a
 * seed: Maven and npm purls built from real-looking group and package names, SHA-1 and SHA-256
 * hashes, SPDX licences, scopes, and a layered dependency graph (a few direct dependencies
 * fanning out to transitive ones). The same seed and size always give the same bytes. A lean
 * document has the same components and graph with short bom-refs and no hashes, licences or
 * scopes (about 15 MB for 200,000 components, as many real SBOM tools write them).
 */
public final class SbomGenerator {
    private static final String[] MAVEN_GROUPS = {"org.apache.commons", "org.apache.logging.log4j", "com.fasterxml.jackson.core",
        "io.netty", "org.springframework", "com.google.guava", "org.slf4j", "io.micrometer", "org.eclipse.jetty",
        "org.glassfish.jersey.core", "io.grpc", "com.squareup.okhttp3", "org.hibernate.orm", "io.projectreactor",
        "org.bouncycastle", "com.zaxxer", "org.postgresql", "software.amazon.awssdk", "com.azure", "io.opentelemetry"};
    private static final String[] NPM_SCOPES = {"", "", "", "@babel", "@types", "@angular", "@aws-sdk", "@opentelemetry",
        "@sentry", "@nestjs"};
    private static final String[] WORDS = {"core", "util", "http", "client", "server", "codec", "json", "xml", "stream",
        "async", "cache", "config", "logging", "metrics", "crypto", "auth", "parser", "runtime", "common", "api", "io",
        "buffer", "transport", "resolver", "handler", "context", "annotations", "proxy", "retry", "pool", "schema",
        "validator", "router", "events", "queue", "tls", "compress", "format", "types", "loader"};
    private static final String[] LICENSES = {"Apache-2.0", "MIT", "BSD-3-Clause", "ISC", "EPL-2.0", "BSD-2-Clause",
        "MPL-2.0", "LGPL-2.1-only", "0BSD", "Unlicense"};
    private static final String[] SCOPES = {"required", "required", "required", "optional"};

    private SbomGenerator() {
    }

    /** One generated component. */
    private record Component(String ref, String type, String group, String name, String version, String purl) {
    }

    public static byte[] generate(int components, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(components * 600 + 1_000);
        write(components, seed, out);
        return out.toByteArray();
    }

    /** The same components as {@link #generate}, lean (see above). */
    public static byte[] generateLean(int components, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(components * 120 + 1_000);
        write(components, seed, out, true);
        return out.toByteArray();
    }

    public static void write(int count, long seed, OutputStream out) {
        write(count, seed, out, false);
    }

    public static void write(int count, long seed, OutputStream out, boolean lean) {
        Random random = new Random(seed);
        List<Component> components = components(count, random);
        if (lean) {
            List<Component> renamed = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Component c = components.get(i);
                renamed.add(new Component("c" + i, c.type(), c.group(), c.name(), c.version(), c.purl()));
            }
            components = renamed;
        }
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("bomFormat", "CycloneDX");
            json.writeStringField("specVersion", "1.6");
            json.writeStringField("serialNumber", "urn:uuid:" + new UUID(random.nextLong(), random.nextLong()));
            json.writeNumberField("version", 1);
            json.writeObjectFieldStart("metadata");
            json.writeStringField("timestamp", "2026-11-01T00:00:00Z");
            json.writeObjectFieldStart("component");
            json.writeStringField("bom-ref", "root");
            json.writeStringField("type", "application");
            json.writeStringField("name", "generated-service-" + seed);
            json.writeStringField("version", "1.0.0");
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("components");
            for (Component c : components) {
                json.writeStartObject();
                json.writeStringField("bom-ref", c.ref());
                json.writeStringField("type", "library");
                if (c.group() != null) {
                    json.writeStringField("group", c.group());
                }
                json.writeStringField("name", c.name());
                json.writeStringField("version", c.version());
                if (lean) {
                    json.writeStringField("purl", c.purl());
                    json.writeEndObject();
                    continue;
                }
                json.writeStringField("scope", SCOPES[random.nextInt(SCOPES.length)]);
                json.writeArrayFieldStart("hashes");
                hash(json, random, "SHA-1", 20);
                hash(json, random, "SHA-256", 32);
                json.writeEndArray();
                json.writeArrayFieldStart("licenses");
                json.writeStartObject();
                json.writeObjectFieldStart("license");
                json.writeStringField("id", LICENSES[random.nextInt(LICENSES.length)]);
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndArray();
                json.writeStringField("purl", c.purl());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("dependencies");
            int direct = Math.max(1, Math.min(count, Math.max(5, count / 20)));
            dependency(json, "root", components.subList(0, Math.min(direct, count)).stream().map(Component::ref).toList());
            for (int i = 0; i < count; i++) {
                Set<String> targets = new LinkedHashSet<>();
                int fanOut = i < direct ? 2 + random.nextInt(6) : random.nextInt(4);
                for (int k = 0; k < fanOut && i + 1 < count; k++) {
                    targets.add(components.get(i + 1 + random.nextInt(count - i - 1)).ref());
                }
                dependency(json, components.get(i).ref(), new ArrayList<>(targets));
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Component> components(int count, Random random) {
        List<Component> components = new ArrayList<>(count);
        Set<String> seen = new java.util.HashSet<>();
        while (components.size() < count) {
            boolean maven = random.nextInt(100) < 55;
            String version = random.nextInt(12) + "." + random.nextInt(30) + "." + random.nextInt(20)
                    + (random.nextInt(20) == 0 ? "-rc." + (1 + random.nextInt(3)) : "");
            String name = WORDS[random.nextInt(WORDS.length)] + "-" + WORDS[random.nextInt(WORDS.length)]
                    + (random.nextInt(3) == 0 ? "-" + random.nextInt(100) : "");
            Component c;
            if (maven) {
                String group = MAVEN_GROUPS[random.nextInt(MAVEN_GROUPS.length)];
                c = new Component(null, "maven", group, name, version, "pkg:maven/" + group + "/" + name + "@" + version);
            } else {
                String scope = NPM_SCOPES[random.nextInt(NPM_SCOPES.length)];
                String purlNamespace = scope.isEmpty() ? "" : "%40" + scope.substring(1) + "/";
                c = new Component(null, "npm", scope.isEmpty() ? null : scope, name, version,
                        "pkg:npm/" + purlNamespace + name + "@" + version);
            }
            if (seen.add(c.purl())) {
                components.add(new Component(c.purl(), c.type(), c.group(), c.name(), c.version(), c.purl()));
            }
        }
        return components;
    }

    private static void hash(JsonGenerator json, Random random, String alg, int bytes) throws IOException {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        json.writeStartObject();
        json.writeStringField("alg", alg);
        json.writeStringField("content", HexFormat.of().formatHex(value));
        json.writeEndObject();
    }

    private static void dependency(JsonGenerator json, String ref, List<String> targets) throws IOException {
        json.writeStartObject();
        json.writeStringField("ref", ref);
        json.writeArrayFieldStart("dependsOn");
        for (String target : targets) {
            json.writeString(target);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
