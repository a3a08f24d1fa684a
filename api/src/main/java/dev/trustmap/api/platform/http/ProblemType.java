package dev.trustmap.api.platform.http;

/** Every kind of error the API answers with, one RFC 9457 problem type each. */
public enum ProblemType {
    BAD_REQUEST(400, "Bad request"),
    VALIDATION(400, "Invalid request"),
    MALFORMED_JSON(400, "Malformed JSON"),
    INVALID_TEXT(400, "Invalid text encoding"),
    MALFORMED_XML(400, "Malformed XML"),
    FORBIDDEN_XML(400, "Forbidden XML construct"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    IDEMPOTENCY_KEY_REUSED(409, "Idempotency key reused with a different request"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    NOT_CYCLONEDX(422, "Not a CycloneDX document"),
    UNSUPPORTED_SPEC_VERSION(422, "Unsupported CycloneDX spec version"),
    INVALID_SBOM(422, "Invalid SBOM"),
    TOO_MANY_COMPONENTS(422, "Too many components"),
    INVALID_PURL(422, "Invalid package URL"),
    INVALID_POLICY(422, "Invalid policy"),
    EVALUATION_BUDGET(422, "Policy evaluation budget spent"),
    INVALID_TOPOLOGY(422, "Invalid topology"),
    INVALID_TRANSITION(409, "Transition not allowed"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type for an HTTP status that has no more specific cause (errors of the HTTP server itself). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : new ProblemType[] {BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED,
                NOT_ACCEPTABLE, PAYLOAD_TOO_LARGE, URI_TOO_LONG, UNSUPPORTED_MEDIA_TYPE, HEADERS_TOO_LARGE, SERVICE_UNAVAILABLE, INTERNAL}) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }

    /** The problem type URI: a relative reference under {@code /problems/}. */
    public String uri() {
        return "/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
