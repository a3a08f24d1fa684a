package dev.trustmap.scanner.sbom;

import java.util.List;

/**
 * Receives a document's components and dependency entries one at a time, in document order, so
 * that no whole object model of a large SBOM is ever held. Components arrive already checked
 * (purl normalised, stored-field limits respected, bom-refs unique).
 */
public interface SbomHandler {
    /** Called once before the first component, with the bom-ref of the document's own component (or null). */
    default void start(String rootRef) throws SbomException {
    }

    /** A component with a purl (components sharing a purl each arrive; the first one counts). */
    void component(SbomComponent component) throws SbomException;

    /** One entry of the dependency graph: {@code ref} depends on every ref in {@code dependsOn}. */
    void dependency(String ref, List<String> dependsOn) throws SbomException;

    /** A handler that keeps nothing (validation only). */
    SbomHandler NONE = new SbomHandler() {
        @Override
        public void component(SbomComponent component) {
        }

        @Override
        public void dependency(String ref, List<String> dependsOn) {
        }
    };
}
