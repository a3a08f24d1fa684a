package dev.trustmap.scanner.sbom;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CycloneDX document reduced to what Trustmap stores.
 *
 * @param format              JSON or XML
 * @param specVersion         e.g. {@code 1.6}
 * @param serialNumber        the document's serial number or {@code null}
 * @param digest              SHA-256 of the exact bytes uploaded, hex
 * @param rootRef             bom-ref of {@code metadata.component}, or {@code null}
 * @param components          components with a valid purl, de-duplicated by purl
 * @param skippedWithoutPurl  components that carry no purl (files, devices, …) and are not inventoried
 * @param edges               dependency edges as purl → purls (from the document's dependency graph)
 * @param direct              purls the root depends on directly; empty when the graph names no root
 * @param graphKnown          whether the document had a dependency graph rooted at its metadata component
 */
public record ParsedSbom(
        SbomFormat format,
        String specVersion,
        String serialNumber,
        String digest,
        String rootRef,
        List<SbomComponent> components,
        int skippedWithoutPurl,
        Map<String, Set<String>> edges,
        Set<String> direct,
        boolean graphKnown) {

    /** The relationship of a component to the service: {@code direct}, {@code transitive} or {@code unknown}. */
    public String relationshipOf(String purl) {
        if (!graphKnown) {
            return "unknown";
        }
        return direct.contains(purl) ? "direct" : "transitive";
    }

    public int edgeCount() {
        return edges.values().stream().mapToInt(Set::size).sum();
    }
}
