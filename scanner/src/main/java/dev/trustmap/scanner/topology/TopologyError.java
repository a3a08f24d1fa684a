package dev.trustmap.scanner.topology;

/** One reason a topology file is refused: where, which field, and what is wrong. */
public record TopologyError(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + field + ": " + message;
    }
}
