package dev.trustmap.api.incident.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Nodes and edges of a blast radius, for drawing. Edges point from the dependent to its dependency. */
public record GraphResponse(SnapshotInfo snapshot, List<Node> nodes, List<Edge> edges) implements SnapshotStamped<GraphResponse> {

    @Override
    public GraphResponse withSnapshot(SnapshotInfo current) {
        return new GraphResponse(current, nodes, edges);
    }

    /** A provider or a service. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String kind, String label, String tier, Integer depth) {
    }

    /** A contract. */
    public record Edge(String from, String to, String contract, String mode) {
    }
}
