package dev.trustmap.scanner.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One reason a topology file is refused: where, which field, and what is wrong.
 *
 * @param semantic the file is well-formed and every field valid on its own, but what it declares
 *                 contradicts itself (a service depending on itself); the API answers such files
 *                 with {@code 422} instead of {@code 400}
 */
public record TopologyError(String file, int line, int column, String field, String message, @JsonIgnore boolean semantic) {
    public TopologyError(String file, int line, int column, String field, String message) {
        this(file, line, column, field, message, false);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + field + ": " + message;
    }
}
