package dev.trustmap.scanner.sbom;

/** Why an SBOM was refused. Each code maps to one precise client error. */
public enum SbomProblem {
    MALFORMED_JSON,
    MALFORMED_XML,
    INVALID_ENCODING,
    NOT_CYCLONEDX,
    UNSUPPORTED_SPEC_VERSION,
    FORBIDDEN_XML_CONSTRUCT,
    INVALID_PURL,
    INVALID_STRUCTURE,
    TOO_MANY_COMPONENTS,
    EMPTY
}
