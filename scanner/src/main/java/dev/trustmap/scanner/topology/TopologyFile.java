package dev.trustmap.scanner.topology;

import java.util.List;

/** A parsed topology file: one or more services (one per YAML document, or a list). */
public record TopologyFile(String source, List<ServiceTopology> services) {
}
