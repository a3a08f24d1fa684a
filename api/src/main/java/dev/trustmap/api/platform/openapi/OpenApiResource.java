package dev.trustmap.api.platform.openapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The OpenAPI 3.1 document of this API. Unauthenticated, like health and metrics. */
@Path("/api/v1/openapi.json")
public final class OpenApiResource {
    private final OpenApiDocument document;

    public OpenApiResource(OpenApiDocument document) {
        this.document = document;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This API's OpenAPI 3.1 document")
    @ApiResponse(responseCode = "200", description = "The document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(types = "object")))
    public byte[] document() {
        return document.json();
    }
}
