package dev.trustmap.scanner.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Registry XML (POMs, metadata) read safely: no DOCTYPE, no entities, no external anything. */
final class XmlDocuments {
    private XmlDocuments() {
    }

    /** A registry answer that is not the document it should be. */
    static final class BadDocumentException extends Exception {
        BadDocumentException(String message) {
            super(message);
        }
    }

    static Document parse(byte[] xml) throws BadDocumentException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new BadDocumentException("not well-formed XML (line " + e.getLineNumber() + "): " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new BadDocumentException("unreadable XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of the element reached by {@code path} (direct children, by local name), trimmed; null if absent. */
    static String text(Element root, String... path) {
        Element e = child(root, path);
        if (e == null) {
            return null;
        }
        String text = e.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }

    static Element child(Element root, String... path) {
        Element current = root;
        for (String name : path) {
            current = children(current, name).stream().findFirst().orElse(null);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Texts of every {@code last} under the path. */
    static List<String> texts(Element root, String... path) {
        String[] parents = java.util.Arrays.copyOf(path, path.length - 1);
        Element parent = parents.length == 0 ? root : child(root, parents);
        List<String> values = new ArrayList<>();
        if (parent != null) {
            for (Element e : children(parent, path[path.length - 1])) {
                String text = e.getTextContent().trim();
                if (!text.isEmpty()) {
                    values.add(text);
                }
            }
        }
        return values;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getNodeName())) {
                result.add(e);
            }
        }
        return result;
    }
}
