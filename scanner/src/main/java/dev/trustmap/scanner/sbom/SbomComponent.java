package dev.trustmap.scanner.sbom;

import java.util.List;
import java.util.Map;

/**
 * One component of an SBOM, normalised.
 *
 * @param bomRef       the component's bom-ref (or its purl when the SBOM gave none)
 * @param purl         the canonical package URL of this version (see {@link Purls})
 * @param scope        CycloneDX scope ({@code required}, {@code optional}, {@code excluded}) or {@code null}
 * @param hashes       algorithm (CycloneDX spelling, e.g. {@code SHA-256}) to lower-case hex value
 * @param licenses     SPDX ids, licence names or expressions, in document order
 * @param supplier     supplier name or {@code null}
 */
public record SbomComponent(
        String bomRef,
        Purls.Normalised purl,
        String scope,
        Map<String, String> hashes,
        List<String> licenses,
        String supplier) {
}
