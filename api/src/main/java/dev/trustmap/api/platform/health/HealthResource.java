package dev.trustmap.api.platform.health;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.trustmap.database.platform.Database;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Liveness (the process answers) and readiness (open for every request, and the database answers too). Unauthenticated. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final Database db;
    private final java.util.function.BooleanSupplier open;

    /** @param open whether the portal lets every request in (not while it starts, nor while it waits for its database) */
    public HealthResource(Database db, java.util.function.BooleanSupplier open) {
        this.db = db;
        this.open = open;
    }

    @GET
    @Path("live")
    @PermitAll
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GET
    @Path("ready")
    @PermitAll
    @ApiResponse(responseCode = "200", description = "Ready", content = @Content(schema = @Schema(types = "object")))
    @ApiResponse(responseCode = "503", description = "Not ready (starting, or the database does not answer)",
            content = @Content(schema = @Schema(types = "object")))
    public Response ready() {
        if (open.getAsBoolean() && db.isReachable()) {
            return Response.ok(Map.of("status", "UP", "database", "UP")).build();
        }
        return Response.status(503).header("Retry-After", "5")
                .entity(Map.of("status", "DOWN", "database", "DOWN")).build();
    }
}
