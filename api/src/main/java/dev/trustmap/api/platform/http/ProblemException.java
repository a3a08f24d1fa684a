package dev.trustmap.api.platform.http;

import java.util.List;
import java.util.Map;

/** A client-facing failure: mapped to {@code application/problem+json} with its type's status. */
public final class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    /** One invalid field of a request. */
    public record FieldError(String field, String message) {
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "Invalid value for " + field + ": " + message,
                List.of(new FieldError(field, message)), Map.of());
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
