package dev.trustmap.scanner.topology;

import java.util.List;

/** One service as declared in a topology file. */
public record ServiceTopology(String service, String owner, String ownerContact, String tier, List<String> regions,
                              List<DependencySpec> dependencies, Position position) {
}
