package dev.trustmap.scanner.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.packageurl.MalformedPackageURLException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.parsers.XmlParser;

/**
 * Reads CycloneDX JSON and XML (spec 1.4–1.6) with CycloneDX Core Java and reduces the document
 * to a {@link ParsedSbom}. Everything a client can get wrong ends in an {@link SbomException}
 * with a message that names the problem; XML is checked with a StAX reader that refuses any
 * DOCTYPE before the DOM-based CycloneDX parser sees it, so XXE and entity expansion never run.
 * Instances are thread-safe.
 */
public final class SbomReader {
    public static final Set<String> SUPPORTED_SPEC_VERSIONS = Set.of("1.4", "1.5", "1.6");
    private static final String XML_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";

    private final JsonFactory jsonFactory = new JsonFactory();
    private final org.cyclonedx.parsers.JsonParser jsonParser = new org.cyclonedx.parsers.JsonParser();
    private final XMLInputFactory xmlInputFactory;

    public SbomReader() {
        xmlInputFactory = XMLInputFactory.newFactory();
        xmlInputFactory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xmlInputFactory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xmlInputFactory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    public ParsedSbom read(byte[] document, SbomFormat format) throws SbomException {
        if (document.length == 0) {
            throw new SbomException(SbomProblem.EMPTY, "The request body is empty; expected a CycloneDX document");
        }
        String specVersion = format == SbomFormat.JSON ? checkJson(document) : checkXml(document);
        Bom bom = parse(document, format);
        return reduce(bom, format, specVersion, sha256(document));
    }

    private String checkJson(byte[] document) throws SbomException {
        String bomFormat = null;
        String specVersion = null;
        try (JsonParser parser = jsonFactory.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SbomException(SbomProblem.NOT_CYCLONEDX,
                        "The JSON document is not an object; a CycloneDX BOM is a JSON object with \"bomFormat\": \"CycloneDX\"");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("bomFormat".equals(field) && value == JsonToken.VALUE_STRING) {
                    bomFormat = parser.getText();
                } else if ("specVersion".equals(field) && value == JsonToken.VALUE_STRING) {
                    specVersion = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON: unexpected content after the top-level object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SbomException(SbomProblem.MALFORMED_JSON, "Malformed JSON: " + firstLine(e.getMessage()));
        }
        if (!"CycloneDX".equals(bomFormat)) {
            throw new SbomException(SbomProblem.NOT_CYCLONEDX,
                    "Not a CycloneDX document: \"bomFormat\" must be \"CycloneDX\""
                            + (bomFormat == null ? " but is missing" : " but is \"" + truncate(bomFormat) + "\""));
        }
        return requireSupported(specVersion);
    }

    private String checkXml(byte[] document) throws SbomException {
        String specVersion = null;
        boolean root = true;
        XMLStreamReader reader = null;
        try {
            reader = xmlInputFactory.createXMLStreamReader(new ByteArrayInputStream(document));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                        || event == XMLStreamConstants.ENTITY_DECLARATION) {
                    throw new SbomException(SbomProblem.FORBIDDEN_XML_CONSTRUCT,
                            "XML documents with a DOCTYPE or entity declarations are refused (XXE and entity-expansion protection)");
                }
                if (event == XMLStreamConstants.START_ELEMENT && root) {
                    root = false;
                    String namespace = reader.getNamespaceURI();
                    if (!"bom".equals(reader.getLocalName()) || namespace == null
                            || !namespace.startsWith(XML_NAMESPACE_PREFIX)) {
                        throw new SbomException(SbomProblem.NOT_CYCLONEDX,
                                "Not a CycloneDX document: the root element must be <bom> in a "
                                        + XML_NAMESPACE_PREFIX + "<version> namespace");
                    }
                    specVersion = namespace.substring(XML_NAMESPACE_PREFIX.length());
                }
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
            throw new SbomException(SbomProblem.MALFORMED_XML, "Malformed XML" + where + ": " + xmlReason(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
        if (root) {
            throw new SbomException(SbomProblem.MALFORMED_XML, "Malformed XML: no root element");
        }
        return requireSupported(specVersion);
    }

    private static String requireSupported(String specVersion) throws SbomException {
        if (specVersion == null) {
            throw new SbomException(SbomProblem.UNSUPPORTED_SPEC_VERSION, "The CycloneDX spec version is missing");
        }
        if (!SUPPORTED_SPEC_VERSIONS.contains(specVersion)) {
            throw new SbomException(SbomProblem.UNSUPPORTED_SPEC_VERSION,
                    "CycloneDX spec version " + truncate(specVersion) + " is not supported; supported: 1.4, 1.5, 1.6");
        }
        return specVersion;
    }

    private Bom parse(byte[] document, SbomFormat format) throws SbomException {
        try {
            return format == SbomFormat.JSON ? jsonParser.parse(document) : new XmlParser().parse(document);
        } catch (ParseException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SbomException(SbomProblem.INVALID_STRUCTURE,
                    "The document is not a valid CycloneDX BOM: " + firstLine(cause.getMessage()));
        }
    }

    private ParsedSbom reduce(Bom bom, SbomFormat format, String specVersion, String digest) throws SbomException {
        Map<String, SbomComponent> byPurl = new LinkedHashMap<>();
        Map<String, String> purlByRef = new LinkedHashMap<>();
        int[] skipped = {0};
        if (bom.getComponents() != null) {
            collect(bom.getComponents(), byPurl, purlByRef, skipped, 0);
        }
        String rootRef = bom.getMetadata() != null && bom.getMetadata().getComponent() != null
                ? bom.getMetadata().getComponent().getBomRef() : null;
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        Set<String> direct = new LinkedHashSet<>();
        boolean graphKnown = false;
        if (bom.getDependencies() != null) {
            for (Dependency dependency : bom.getDependencies()) {
                if (dependency.getRef() == null || dependency.getDependencies() == null) {
                    continue;
                }
                boolean fromRoot = dependency.getRef().equals(rootRef);
                graphKnown |= fromRoot;
                String from = purlByRef.get(dependency.getRef());
                for (Dependency to : dependency.getDependencies()) {
                    String target = to.getRef() == null ? null : purlByRef.get(to.getRef());
                    if (target == null) {
                        continue;
                    }
                    if (fromRoot) {
                        direct.add(target);
                    } else if (from != null && !from.equals(target)) {
                        edges.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(target);
                    }
                }
            }
        }
        return new ParsedSbom(format, specVersion, bom.getSerialNumber(), digest, rootRef,
                List.copyOf(byPurl.values()), skipped[0], edges, direct, graphKnown);
    }

    private static void collect(List<Component> components, Map<String, SbomComponent> byPurl,
                                Map<String, String> purlByRef, int[] skipped, int depth) throws SbomException {
        if (depth > 32) {
            throw new SbomException(SbomProblem.INVALID_STRUCTURE, "Components are nested more than 32 levels deep");
        }
        for (Component component : components) {
            if (component.getPurl() == null || component.getPurl().isBlank()) {
                skipped[0]++;
            } else {
                Purls.Normalised purl;
                try {
                    purl = Purls.normalise(component.getPurl());
                } catch (MalformedPackageURLException e) {
                    throw new SbomException(SbomProblem.INVALID_PURL, "Component "
                            + describe(component) + " has an invalid package URL \"" + truncate(component.getPurl())
                            + "\": " + firstLine(e.getMessage()));
                }
                if (purl.version() == null || purl.version().isBlank()) {
                    throw new SbomException(SbomProblem.INVALID_PURL, "Component " + describe(component)
                            + " has a package URL without a version: \"" + truncate(component.getPurl()) + "\"");
                }
                String ref = component.getBomRef() != null ? component.getBomRef() : component.getPurl();
                purlByRef.put(ref, purl.versionPurl());
                byPurl.putIfAbsent(purl.versionPurl(), new SbomComponent(ref, purl,
                        component.getScope() == null ? null : component.getScope().getScopeName(),
                        hashes(component), licenses(component.getLicenses()),
                        component.getSupplier() == null ? null : component.getSupplier().getName()));
            }
            if (component.getComponents() != null) {
                collect(component.getComponents(), byPurl, purlByRef, skipped, depth + 1);
            }
        }
    }

    private static Map<String, String> hashes(Component component) {
        if (component.getHashes() == null || component.getHashes().isEmpty()) {
            return Map.of();
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Hash hash : component.getHashes()) {
            if (hash.getAlgorithm() != null && hash.getValue() != null) {
                hashes.putIfAbsent(hash.getAlgorithm(), hash.getValue().toLowerCase(Locale.ROOT));
            }
        }
        return hashes;
    }

    private static List<String> licenses(LicenseChoice choice) {
        if (choice == null) {
            return List.of();
        }
        List<String> licenses = new ArrayList<>();
        if (choice.getLicenses() != null) {
            for (License license : choice.getLicenses()) {
                if (license.getId() != null) {
                    licenses.add(license.getId());
                } else if (license.getName() != null) {
                    licenses.add(license.getName());
                }
            }
        }
        if (choice.getExpression() != null && choice.getExpression().getValue() != null) {
            licenses.add(choice.getExpression().getValue());
        }
        return licenses;
    }

    private static String describe(Component component) {
        String ref = component.getBomRef() != null ? component.getBomRef() : component.getName();
        return "\"" + truncate(String.valueOf(ref)) + "\"";
    }

    private static String xmlReason(XMLStreamException e) {
        String message = firstLine(e.getMessage());
        int marker = message.indexOf("Message: ");
        return marker >= 0 ? message.substring(marker + "Message: ".length()) : message;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse(message);
        return truncate(line);
    }

    private static String truncate(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "…" : value;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
