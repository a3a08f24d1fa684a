package dev.trustmap.api.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trustmap.database.platform.ConcurrentWriteException;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ParamException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place errors become responses. Known failures keep their message; anything else is
 * logged once with an error id and the client sees only that id — never a stack trace.
 */
public final class ProblemMappers {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    static Response response(ProblemType type, String detail, List<ProblemException.FieldError> errors,
                             Map<String, String> headers, String errorId) {
        Problem body = new Problem(type.uri(), type.title(), type.status(), detail,
                MDC.get(RequestIds.PATH), MDC.get(RequestIds.REQUEST_ID), errorId, errors);
        Response.ResponseBuilder builder = Response.status(type.status()).type(MEDIA_TYPE).entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }

    /** {@link ProblemException}s. */
    public static final class ForProblems implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return response(e.type(), e.getMessage(), e.errors(), e.headers(), null);
        }
    }

    /** Request bodies that are not valid JSON or do not fit the request record: field, expected, found ({@link JsonProblems}). */
    public static final class ForJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            ProblemException problem = JsonProblems.of(e);
            return response(problem.type(), problem.getMessage(), problem.errors(), Map.of(), null);
        }
    }

    static Response unavailable(DatabaseUnavailableException e) {
        LOG.warn("Database unavailable: {}", e.getMessage());
        return response(ProblemType.SERVICE_UNAVAILABLE, e.outcomeUnknown()
                        ? "The database went away while this request was being committed: whether it was stored is not known."
                                + " Read it back, or retry with the same Idempotency-Key."
                        : "The database is unavailable; nothing was written. Retry later.",
                List.of(), Map.of("Retry-After", "5"), null);
    }

    /** The database is down: fail fast and tell the client when to come back. */
    public static final class ForDatabase implements ExceptionMapper<DatabaseUnavailableException> {
        @Override
        public Response toResponse(DatabaseUnavailableException e) {
            return unavailable(e);
        }
    }

    /** Concurrent writers of the same rows kept winning (after the transaction was run again several times). */
    public static final class ForConcurrentWrite implements ExceptionMapper<ConcurrentWriteException> {
        @Override
        public Response toResponse(ConcurrentWriteException e) {
            LOG.warn("Concurrent write conflict: {}", e.getMessage());
            return response(ProblemType.CONFLICT, "Concurrent requests changed the same data; nothing of this one was written. Retry.",
                    List.of(), Map.of("Retry-After", "1"), null);
        }
    }

    /** JAX-RS's own errors (unknown path, wrong method, unsupported media type, …) and everything else. */
    public static final class ForEverythingElse implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConcurrentWriteException conflict) {
                    return new ForConcurrentWrite().toResponse(conflict);
                }
                if (cause instanceof DatabaseUnavailableException db) {
                    return unavailable(db);
                }
            }
            if (e instanceof ParamException param) {
                return parameter(param);
            }
            if (e instanceof WebApplicationException web) {
                ProblemType type = typeOf(web);
                int status = web.getResponse().getStatus();
                if (type == null && status >= 400 && status < 500) {
                    type = ProblemType.BAD_REQUEST;
                }
                if (type != null) {
                    String detail = switch (type) {
                        case NOT_FOUND -> "No resource at this path";
                        case FORBIDDEN -> "Your token's roles do not allow this operation";
                        case METHOD_NOT_ALLOWED -> "This method is not allowed on this path";
                        case UNSUPPORTED_MEDIA_TYPE -> "This content type is not accepted here";
                        case NOT_ACCEPTABLE -> "No acceptable representation";
                        default -> web.getMessage();
                    };
                    Map<String, String> headers = type == ProblemType.METHOD_NOT_ALLOWED && web.getResponse().getAllowedMethods() != null
                            ? Map.of("Allow", String.join(", ", web.getResponse().getAllowedMethods())) : Map.of();
                    return response(type, detail, List.of(), headers, null);
                }
            }
            String errorId = UUID.randomUUID().toString();
            LOG.error("Unexpected error {}", errorId, e);
            return response(ProblemType.INTERNAL, "An unexpected error occurred; quote error id " + errorId + " when reporting it",
                    List.of(), Map.of(), errorId);
        }
    }

    /** A query, path or header parameter that does not convert: {@code 400} naming it (JAX-RS would say 404). */
    private static Response parameter(ParamException e) {
        String name = e.getParameterName();
        String message = e.getCause() instanceof StrictParams.InvalidValue invalid
                ? "expected " + invalid.expected() + ", found \"" + abbreviate(invalid.value()) + "\""
                : "not a valid value";
        String kind = e instanceof ParamException.PathParamException ? "path parameter " : e instanceof ParamException.HeaderParamException
                ? "header " : e instanceof ParamException.QueryParamException ? "query parameter " : "parameter ";
        return response(ProblemType.VALIDATION, "Invalid value for " + kind + name + ": " + message,
                List.of(new ProblemException.FieldError(name, message)), Map.of(), null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static ProblemType typeOf(WebApplicationException web) {
        if (web instanceof NotFoundException) {
            return ProblemType.NOT_FOUND;
        } else if (web instanceof NotAllowedException) {
            return ProblemType.METHOD_NOT_ALLOWED;
        } else if (web instanceof NotSupportedException) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        } else if (web instanceof NotAcceptableException) {
            return ProblemType.NOT_ACCEPTABLE;
        } else if (web instanceof NotAuthorizedException) {
            return ProblemType.UNAUTHORIZED;
        } else if (web instanceof ForbiddenException) {
            return ProblemType.FORBIDDEN;
        }
        return null;
    }
}
