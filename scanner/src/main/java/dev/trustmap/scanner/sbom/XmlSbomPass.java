package dev.trustmap.scanner.sbom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The two reading passes over a CycloneDX XML document (see {@link SbomReader}), with a StAX
 * reader that supports no DTD and resolves no entity: a DOCTYPE or an entity reference is refused.
 */
final class XmlSbomPass {
    static final String NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";
    private static final Pattern DECLARED_ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final XMLInputFactory FACTORY = factory();

    private final ComponentAssembly assembly;

    XmlSbomPass(SbomLimits limits, SbomHandler handler) {
        this.assembly = new ComponentAssembly(limits, handler);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** A reader that decodes UTF-8 strictly unless the document declares another encoding. */
    private static XMLStreamReader open(InputStream raw) throws IOException, XMLStreamException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(256);
        byte[] head = in.readNBytes(256);
        in.reset();
        if (head.length == 0) {
            throw new SbomReader.EmptyDocument();
        }
        Matcher declared = DECLARED_ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
        if (declared.find() && !declared.group(1).toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8")) {
            return FACTORY.createXMLStreamReader(in);
        }
        return FACTORY.createXMLStreamReader(StrictText.utf8(in));
    }

    /** First pass: syntax, encoding, no DTD or entities, root element and namespace, header. */
    static SbomReader.Header header(InputStream in) throws SbomException, IOException {
        String specVersion = null;
        String serialNumber = null;
        String rootRef = null;
        boolean root = true;
        int depth = 0;
        boolean inMetadata = false;
        XMLStreamReader reader = null;
        try {
            reader = open(in);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                        || event == XMLStreamConstants.ENTITY_DECLARATION) {
                    throw new SbomException(SbomProblem.FORBIDDEN_XML_CONSTRUCT,
                            "XML documents with a DOCTYPE or entity declarations are refused (XXE and entity-expansion protection)");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (root) {
                        root = false;
                        String namespace = reader.getNamespaceURI();
                        if (!"bom".equals(reader.getLocalName()) || namespace == null || !namespace.startsWith(NAMESPACE_PREFIX)) {
                            throw new SbomException(SbomProblem.NOT_CYCLONEDX, "Not a CycloneDX document: the root element must be <bom> in a "
                                    + NAMESPACE_PREFIX + "<version> namespace");
                        }
                        specVersion = namespace.substring(NAMESPACE_PREFIX.length());
                        serialNumber = reader.getAttributeValue(null, "serialNumber");
                    } else if (depth == 2) {
                        inMetadata = "metadata".equals(reader.getLocalName());
                    } else if (depth == 3 && inMetadata && "component".equals(reader.getLocalName())) {
                        rootRef = reader.getAttributeValue(null, "bom-ref");
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            close(reader);
        }
        if (root) {
            throw new SbomException(SbomProblem.MALFORMED_XML, "Malformed XML: no root element");
        }
        ComponentAssembly.text("serialNumber", serialNumber, Integer.MAX_VALUE);
        ComponentAssembly.text("metadata/component/@bom-ref", rootRef, SbomLimits.REF);
        return new SbomReader.Header(specVersion, serialNumber, rootRef, null, 0);
    }

    /** Second pass: every component and dependency entry, to the handler. */
    SbomReader.Counts read(SbomSource source) throws SbomException {
        XMLStreamReader reader = null;
        try (InputStream in = source.open()) {
            reader = open(in);
            reader.nextTag(); // <bom>
            while (next(reader)) {
                switch (reader.getLocalName()) {
                    case "components" -> components(reader, 0);
                    case "dependencies" -> dependencies(reader);
                    default -> skip(reader);
                }
            }
            return new SbomReader.Counts(assembly.withPurl(), assembly.withoutPurl());
        } catch (XMLStreamException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new SbomException(SbomProblem.MALFORMED_XML, "Malformed XML: " + SbomReader.firstLine(e.getMessage()));
        } finally {
            close(reader);
        }
    }

    private void components(XMLStreamReader reader, int depth) throws XMLStreamException, SbomException {
        if (depth > 32) {
            throw ComponentAssembly.structure("line " + reader.getLocation().getLineNumber()
                    + ": components are nested more than 32 levels deep");
        }
        while (next(reader)) {
            if ("component".equals(reader.getLocalName())) {
                component(reader, depth);
            } else {
                skip(reader);
            }
        }
    }

    private void component(XMLStreamReader reader, int depth) throws XMLStreamException, SbomException {
        String where = "the component at line " + reader.getLocation().getLineNumber() + ", column "
                + reader.getLocation().getColumnNumber();
        ComponentAssembly.Fields f = new ComponentAssembly.Fields(where);
        f.ref = ComponentAssembly.text(where + ": bom-ref", reader.getAttributeValue(null, "bom-ref"), SbomLimits.REF);
        while (next(reader)) {
            switch (reader.getLocalName()) {
                case "purl" -> f.purl = text(reader, where + ": purl", JsonSbomPass.MAX_TEXT);
                case "name" -> f.name = text(reader, where + ": name", JsonSbomPass.MAX_TEXT);
                case "scope" -> f.scope = text(reader, where + ": scope", 64);
                case "hashes" -> {
                    while (next(reader)) {
                        if ("hash".equals(reader.getLocalName())) {
                            String alg = reader.getAttributeValue(null, "alg");
                            assembly.hash(f, alg, text(reader, where + ": hash", SbomLimits.HASH));
                        } else {
                            skip(reader);
                        }
                    }
                }
                case "licenses" -> licenses(reader, f);
                case "supplier" -> {
                    while (next(reader)) {
                        if ("name".equals(reader.getLocalName())) {
                            f.supplier = text(reader, where + ": supplier name", JsonSbomPass.MAX_TEXT);
                        } else {
                            skip(reader);
                        }
                    }
                }
                case "components" -> components(reader, depth + 1);
                default -> skip(reader);
            }
        }
        assembly.finish(f);
    }

    private void licenses(XMLStreamReader reader, ComponentAssembly.Fields f) throws XMLStreamException, SbomException {
        while (next(reader)) {
            switch (reader.getLocalName()) {
                case "expression" -> assembly.license(f, text(reader, f.where + ": licence expression", SbomLimits.LICENSE));
                case "license" -> {
                    String id = null;
                    String name = null;
                    while (next(reader)) {
                        switch (reader.getLocalName()) {
                            case "id" -> id = text(reader, f.where + ": licence id", SbomLimits.LICENSE);
                            case "name" -> name = text(reader, f.where + ": licence name", SbomLimits.LICENSE);
                            default -> skip(reader);
                        }
                    }
                    assembly.license(f, id != null ? id : name);
                }
                default -> skip(reader);
            }
        }
    }

    private void dependencies(XMLStreamReader reader) throws XMLStreamException, SbomException {
        while (next(reader)) {
            if (!"dependency".equals(reader.getLocalName())) {
                skip(reader);
                continue;
            }
            String where = "the dependency at line " + reader.getLocation().getLineNumber();
            String ref = ComponentAssembly.text(where + ": ref", reader.getAttributeValue(null, "ref"), SbomLimits.REF);
            List<String> dependsOn = new ArrayList<>();
            while (next(reader)) {
                if ("dependency".equals(reader.getLocalName())) {
                    String to = ComponentAssembly.text(where + ": ref", reader.getAttributeValue(null, "ref"), SbomLimits.REF);
                    if (to != null) {
                        dependsOn.add(to);
                    }
                }
                skip(reader);
            }
            assembly.dependency(where, ref, dependsOn);
        }
    }

    /** Moves to the next child element of the current one; false at the current element's end. */
    private static boolean next(XMLStreamReader reader) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    /** Skips the rest of the current element. */
    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String text(XMLStreamReader reader, String where, int max) throws XMLStreamException, SbomException {
        String value;
        try {
            value = reader.getElementText();
        } catch (XMLStreamException e) {
            throw ComponentAssembly.structure(where + ": expected text only");
        }
        return ComponentAssembly.text(where, value.strip(), max);
    }

    private static SbomException malformed(XMLStreamException e) {
        Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
        if (cause instanceof java.nio.charset.CharacterCodingException) {
            return new SbomException(SbomProblem.INVALID_ENCODING, StrictText.INVALID_UTF8);
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
        String message = SbomReader.firstLine(e.getMessage());
        int marker = message.indexOf("Message: ");
        return new SbomException(SbomProblem.MALFORMED_XML, "Malformed XML" + where + ": "
                + (marker >= 0 ? message.substring(marker + "Message: ".length()) : message));
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release
            }
        }
    }
}
