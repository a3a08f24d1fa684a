package dev.trustmap.scanner.sbom;

/**
 * What a reading pass learnt about a document besides its components.
 *
 * @param format             JSON or XML
 * @param specVersion        e.g. {@code 1.6}
 * @param serialNumber       the document's serial number or {@code null}
 * @param digest             SHA-256 of the exact bytes, hex
 * @param rootRef            bom-ref of {@code metadata.component}, or {@code null}
 * @param components         components with a purl (before de-duplication by purl)
 * @param skippedWithoutPurl components without a purl (files, devices, …), not inventoried
 * @param size               bytes read
 */
public record SbomSummary(SbomFormat format, String specVersion, String serialNumber, String digest, String rootRef,
                          int components, int skippedWithoutPurl, long size) {
}
