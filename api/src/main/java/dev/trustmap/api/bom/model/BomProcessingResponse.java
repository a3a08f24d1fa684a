package dev.trustmap.api.bom.model;

/** Dependency-Track's token status: {@code processing} is false once the SBOM is stored (or failed). */
public record BomProcessingResponse(boolean processing) {
}
