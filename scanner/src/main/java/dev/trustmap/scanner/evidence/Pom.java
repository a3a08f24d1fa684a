package dev.trustmap.scanner.evidence;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The parts of a POM the evidence needs.
 *
 * @param packaging  {@code jar}, {@code pom}, …
 * @param developers how many developers it lists
 * @param scm        the SCM URL (or connection), or null
 * @param licenses   licence names joined with " OR ", or null
 * @param relocation {@code group:artifact:version} it is relocated to, or null
 * @param parent     the parent's {@code group:artifact:version}, or null
 */
record Pom(String packaging, int developers, String scm, String licenses, String relocation, String parent) {

    static Pom parse(byte[] xml) throws XmlDocuments.BadDocumentException {
        Document doc = XmlDocuments.parse(xml);
        Element project = doc.getDocumentElement();
        String root = project.getLocalName() != null ? project.getLocalName() : project.getNodeName();
        if (!"project".equals(root)) {
            throw new XmlDocuments.BadDocumentException("not a POM (root element <" + root + ">)");
        }
        String packaging = XmlDocuments.text(project, "packaging");
        Element developers = XmlDocuments.child(project, "developers");
        int count = developers == null ? 0 : XmlDocuments.children(developers, "developer").size();
        String scm = XmlDocuments.text(project, "scm", "url");
        if (scm == null) {
            scm = XmlDocuments.text(project, "scm", "connection");
        }
        List<String> licenses = XmlDocuments.texts(project, "licenses", "license");
        Element licensesElement = XmlDocuments.child(project, "licenses");
        String licenseNames = null;
        if (licensesElement != null) {
            licenseNames = String.join(" OR ", XmlDocuments.children(licensesElement, "license").stream()
                    .map(l -> XmlDocuments.text(l, "name")).filter(java.util.Objects::nonNull).toList());
            if (licenseNames.isEmpty()) {
                licenseNames = licenses.isEmpty() ? null : String.join(" OR ", licenses);
            }
        }
        String relocation = null;
        Element reloc = XmlDocuments.child(project, "distributionManagement", "relocation");
        if (reloc != null) {
            String g = XmlDocuments.text(reloc, "groupId");
            String a = XmlDocuments.text(reloc, "artifactId");
            String v = XmlDocuments.text(reloc, "version");
            String self = XmlDocuments.text(project, "groupId");
            relocation = (g != null ? g : self) + ":" + (a != null ? a : XmlDocuments.text(project, "artifactId")) + ":"
                    + (v != null ? v : XmlDocuments.text(project, "version"));
        }
        String parent = null;
        Element p = XmlDocuments.child(project, "parent");
        if (p != null) {
            String g = XmlDocuments.text(p, "groupId");
            String a = XmlDocuments.text(p, "artifactId");
            String v = XmlDocuments.text(p, "version");
            if (g != null && a != null && v != null && !v.contains("$")) {
                parent = g + ":" + a + ":" + v;
            }
        }
        return new Pom(packaging == null ? "jar" : packaging, count, clean(scm), licenseNames, relocation, parent);
    }

    boolean needsParent() {
        return scm == null || developers == 0 || licenses == null;
    }

    /** Fills what this POM leaves out from its parent's. */
    Pom inherit(Pom parentPom) {
        return new Pom(packaging, developers > 0 ? developers : parentPom.developers(), scm != null ? scm : parentPom.scm(),
                licenses != null ? licenses : parentPom.licenses(), relocation, parent);
    }

    /** The artifact file's extension for this packaging. */
    String extension() {
        return switch (packaging) {
            case "pom" -> "pom";
            case "war", "ear", "aar", "zip" -> packaging;
            default -> "jar";
        };
    }

    private static String clean(String scm) {
        if (scm == null || scm.contains("${")) {
            return null;
        }
        return scm.replaceFirst("^scm:git:", "").trim();
    }
}
