package dev.trustmap.api.bom.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Dependency-Track's {@code PUT /api/v1/bom} body. {@code bom} is the base64 of the CycloneDX
 * document. Dependency-Track fields Trustmap has no use for ({@code parentName}, tags, …) are
 * accepted and ignored, so existing pipelines work unchanged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BomUploadRequest(String project, String projectName, String projectVersion, Boolean autoCreate, String bom) {
}
