package dev.trustmap.api.contract;

import dev.trustmap.api.audit.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.trustmap.api.contract.model.TopologyImportResponse;
import dev.trustmap.api.platform.http.BoundedBody;
import dev.trustmap.api.platform.http.StrictText;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/** Topology file import. */
@Path("/api/v1/topology")
@Produces(MediaType.APPLICATION_JSON)
public final class TopologyResource {
    private final TopologyService topology;

    public TopologyResource(TopologyService topology) {
        this.topology = topology;
    }

    /** A topology file (YAML or JSON, one or many services); {@code ?dryRun=true} only reports the diff. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.SCANNER})
    public TopologyImportResponse importTopology(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                                                 @QueryParam("source") @DefaultValue("topology.yaml") String source,
                                                 @HeaderParam("Content-Type") String contentType,
                                                 @HeaderParam("Content-Length") String contentLength,
                                                 @Context SecurityContext security,
                                                 @Context ContainerRequestContext context,
                                                 @RequestBody(description = "A topology file: one or many services", required = true,
                                                         content = {@Content(mediaType = "application/yaml", schema = @Schema(types = "string")),
                                                             @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(types = "object"))})
                                                 InputStream body) {
        ContractResource.requireYamlOrJson(contentType);
        String name = source.length() > 200 ? source.substring(0, 200) : source;
        return topology.importFile((TrustmapPrincipal) security.getUserPrincipal(), Actor.of(context), name,
                StrictText.utf8(BoundedBody.read(body, contentLength, ContractResource.MAX_BYTES), "body"), dryRun);
    }
}
