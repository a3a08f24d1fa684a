package dev.trustmap.scanner.topology;

import java.util.List;

/** A topology file that cannot be accepted; carries every error found, in file order. */
public final class TopologyException extends Exception {
    private final List<TopologyError> errors;

    public TopologyException(List<TopologyError> errors) {
        super(errors.isEmpty() ? "invalid topology" : errors.get(0).toString()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<TopologyError> errors() {
        return errors;
    }
}
