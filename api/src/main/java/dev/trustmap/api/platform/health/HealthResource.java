package dev.trustmap.api.platform.health;

import dev.trustmap.database.platform.Database;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Liveness (the process answers) and readiness (the database answers too). Unauthenticated. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final Database db;

    public HealthResource(Database db) {
        this.db = db;
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
    public Response ready() {
        if (db.isReachable()) {
            return Response.ok(Map.of("status", "UP", "database", "UP")).build();
        }
        return Response.status(503).header("Retry-After", "5")
                .entity(Map.of("status", "DOWN", "database", "DOWN")).build();
    }
}
