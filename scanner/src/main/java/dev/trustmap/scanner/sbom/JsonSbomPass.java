package dev.trustmap.scanner.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/** The two reading passes over a CycloneDX JSON document (see {@link SbomReader}). */
final class JsonSbomPass {
    static final int MAX_DEPTH = 64;
    static final int MAX_TEXT = 1_000_000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_TEXT)
                    .maxNumberLength(1_000).maxNameLength(10_000).build())
            .build();

    private final ComponentAssembly assembly;

    JsonSbomPass(SbomLimits limits, SbomHandler handler) {
        this.assembly = new ComponentAssembly(limits, handler);
    }

    /** First pass: syntax, encoding, format, spec version and header; null array elements anywhere are refused. */
    static SbomReader.Header header(InputStream in) throws SbomException, IOException {
        try (JsonParser p = FACTORY.createParser(StrictText.utf8(in))) {
            JsonToken token = p.nextToken();
            if (token == null) {
                throw new SbomReader.EmptyDocument();
            }
            if (token != JsonToken.START_OBJECT) {
                throw new SbomException(SbomProblem.NOT_CYCLONEDX,
                        "The JSON document is not an object; a CycloneDX BOM is a JSON object with \"bomFormat\": \"CycloneDX\"");
            }
            String bomFormat = null;
            String specVersion = null;
            String serialNumber = null;
            String rootRef = null;
            String[] problem = {null};
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "bomFormat" -> bomFormat = value == JsonToken.VALUE_STRING ? p.getText() : walk(p, "/bomFormat", problem);
                    case "specVersion" -> specVersion = value == JsonToken.VALUE_STRING ? p.getText() : walk(p, "/specVersion", problem);
                    case "serialNumber" -> serialNumber = value == JsonToken.VALUE_STRING ? p.getText() : walk(p, "/serialNumber", problem);
                    case "metadata" -> rootRef = metadata(p, problem);
                    default -> walk(p, "/" + field, problem);
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON" + where(p) + ": unexpected content after the top-level object");
            }
            if (!"CycloneDX".equals(bomFormat)) {
                throw new SbomException(SbomProblem.NOT_CYCLONEDX, "Not a CycloneDX document: \"bomFormat\" must be \"CycloneDX\""
                        + (bomFormat == null ? " but is missing" : " but is \"" + SbomReader.truncate(bomFormat) + "\""));
            }
            if (specVersion != null && !SbomReader.SUPPORTED_SPEC_VERSIONS.contains(specVersion)) {
                return new SbomReader.Header(specVersion, null, null, null, 0);
            }
            if (problem[0] != null) {
                throw ComponentAssembly.structure(problem[0]);
            }
            ComponentAssembly.text("serialNumber", serialNumber, Integer.MAX_VALUE);
            ComponentAssembly.text("metadata.component.bom-ref", rootRef, SbomLimits.REF);
            return new SbomReader.Header(specVersion, serialNumber, rootRef, null, 0);
        } catch (CharacterCodingException e) {
            throw new SbomException(SbomProblem.INVALID_ENCODING, StrictText.INVALID_UTF8);
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON" + at + ": " + reason(e.getOriginalMessage()));
        }
    }

    private static String metadata(JsonParser p, String[] problem) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            walk(p, "/metadata", problem);
            return null;
        }
        String rootRef = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("component".equals(field) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("bom-ref".equals(name) && v == JsonToken.VALUE_STRING) {
                        rootRef = p.getText();
                    } else {
                        walk(p, "/metadata/component/" + name, problem);
                    }
                }
            } else {
                walk(p, "/metadata/" + field, problem);
            }
        }
        return rootRef;
    }

    /** Skips the current value, noting the first null array element (with its JSON pointer). */
    private static String walk(JsonParser p, String path, String[] problem) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                walk(p, problem[0] == null ? path + "/" + field : path, problem);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken(), index++) {
                if (element == JsonToken.VALUE_NULL && problem[0] == null) {
                    problem[0] = path + "/" + index + ": null is not allowed as an array element";
                }
                walk(p, problem[0] == null ? path + "/" + index : path, problem);
            }
        }
        return null;
    }

    /** Second pass: every component and dependency entry, to the handler. */
    SbomReader.Counts read(SbomSource source) throws SbomException {
        try (InputStream in = source.open(); JsonParser p = FACTORY.createParser(StrictText.utf8(in))) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "components" -> components(p, "/components", 0);
                    case "dependencies" -> dependencies(p);
                    default -> p.skipChildren();
                }
            }
            return new SbomReader.Counts(assembly.withPurl(), assembly.withoutPurl());
        } catch (CharacterCodingException e) {
            throw new SbomException(SbomProblem.INVALID_ENCODING, StrictText.INVALID_UTF8);
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (IOException e) {
            throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON: " + reason(e.getMessage()));
        }
    }

    private void components(JsonParser p, String path, int depth) throws IOException, SbomException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            throw ComponentAssembly.structure(path + ": expected an array of components, found " + kind(token));
        }
        if (depth > 32) {
            throw ComponentAssembly.structure(path + ": components are nested more than 32 levels deep");
        }
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            component(p, path + "/" + index++, depth);
        }
    }

    private void component(JsonParser p, String where, int depth) throws IOException, SbomException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ComponentAssembly.structure(where + ": expected a component object, found " + kind(p.currentToken()));
        }
        ComponentAssembly.Fields f = new ComponentAssembly.Fields(where);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "bom-ref" -> f.ref = string(p, where + "/bom-ref", SbomLimits.REF);
                case "purl" -> f.purl = string(p, where + "/purl", MAX_TEXT);
                case "name" -> f.name = string(p, where + "/name", MAX_TEXT);
                case "scope" -> f.scope = string(p, where + "/scope", 64);
                case "hashes" -> hashes(p, f);
                case "licenses" -> licenses(p, f);
                case "supplier" -> f.supplier = supplier(p, where + "/supplier");
                case "components" -> components(p, where + "/components", depth + 1);
                default -> p.skipChildren();
            }
        }
        assembly.finish(f);
    }

    private void hashes(JsonParser p, ComponentAssembly.Fields f) throws IOException, SbomException {
        String path = f.where + "/hashes";
        if (!array(p, path)) {
            return;
        }
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = path + "/" + index++;
            requireObject(p, where, "a hash object");
            String alg = null;
            String content = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "alg" -> alg = string(p, where + "/alg", 64);
                    case "content" -> content = string(p, where + "/content", SbomLimits.HASH);
                    default -> p.skipChildren();
                }
            }
            assembly.hash(f, alg, content);
        }
    }

    private void licenses(JsonParser p, ComponentAssembly.Fields f) throws IOException, SbomException {
        String path = f.where + "/licenses";
        if (!array(p, path)) {
            return;
        }
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = path + "/" + index++;
            requireObject(p, where, "a licence choice object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("expression".equals(field)) {
                    assembly.license(f, string(p, where + "/expression", SbomLimits.LICENSE));
                } else if ("license".equals(field) && value == JsonToken.START_OBJECT) {
                    String id = null;
                    String name = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        p.nextToken();
                        switch (inner) {
                            case "id" -> id = string(p, where + "/license/id", SbomLimits.LICENSE);
                            case "name" -> name = string(p, where + "/license/name", SbomLimits.LICENSE);
                            default -> p.skipChildren();
                        }
                    }
                    assembly.license(f, id != null ? id : name);
                } else if ("license".equals(field) && value != JsonToken.VALUE_NULL) {
                    throw ComponentAssembly.structure(where + "/license: expected an object, found " + kind(value));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static String supplier(JsonParser p, String where) throws IOException, SbomException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        requireObject(p, where, "an organisation object");
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("name".equals(field)) {
                name = string(p, where + "/name", MAX_TEXT);
            } else {
                p.skipChildren();
            }
        }
        return name;
    }

    private void dependencies(JsonParser p) throws IOException, SbomException {
        if (!array(p, "/dependencies")) {
            return;
        }
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = "/dependencies/" + index++;
            requireObject(p, where, "a dependency object");
            String ref = null;
            List<String> dependsOn = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("ref".equals(field)) {
                    ref = string(p, where + "/ref", SbomLimits.REF);
                } else if ("dependsOn".equals(field)) {
                    if (array(p, where + "/dependsOn")) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            String to = string(p, where + "/dependsOn/" + i++, SbomLimits.REF);
                            if (to == null) {
                                throw ComponentAssembly.structure(where + "/dependsOn/" + (i - 1) + ": null is not a bom-ref");
                            }
                            dependsOn.add(to);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            assembly.dependency(where, ref, dependsOn);
        }
    }

    private static boolean array(JsonParser p, String where) throws SbomException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            throw ComponentAssembly.structure(where + ": expected an array, found " + kind(token));
        }
        return true;
    }

    private static void requireObject(JsonParser p, String where, String what) throws SbomException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ComponentAssembly.structure(where + ": expected " + what + ", found " + kind(p.currentToken()));
        }
    }

    private static String string(JsonParser p, String where, int max) throws IOException, SbomException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw ComponentAssembly.structure(where + ": expected a string, found " + kind(token));
        }
        return ComponentAssembly.text(where, p.getText(), max);
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "the end of the document";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "unexpected content";
        };
    }

    private static SbomException constraint(StreamConstraintsException e) {
        String at = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String message = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT);
        String what = message.contains("nesting") || message.contains("depth")
                ? "values are nested more than " + MAX_DEPTH + " levels deep"
                : message.contains("number") ? "a number is longer than 1000 digits"
                : message.contains("name") ? "a field name is longer than 10000 characters"
                : "a text value is longer than " + MAX_TEXT + " characters";
        return new SbomException(SbomProblem.INVALID_STRUCTURE, "The document is not a valid CycloneDX BOM" + at + ": " + what);
    }

    /** Jackson's message without its hints at Java types and its own source excerpt. */
    private static String reason(String message) {
        String line = SbomReader.firstLine(message);
        int hint = line.indexOf(" (for ");
        if (hint > 0) {
            line = line.substring(0, hint);
        }
        return line.replaceAll("\\s*\\(code \\d+\\)", "").replace("Unexpected end-of-input", "the document ends too early");
    }

    private static String where(JsonParser p) {
        return p.currentLocation() == null ? ""
                : " at line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }
}
