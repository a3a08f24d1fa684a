package dev.trustmap.api.platform.http;

/** Every kind of error the API answers with, one RFC 9457 problem type each. */
public enum ProblemType {
    BAD_REQUEST(400, "Bad request"),
    VALIDATION(400, "Invalid request"),
    MALFORMED_JSON(400, "Malformed JSON"),
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
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    NOT_CYCLONEDX(422, "Not a CycloneDX document"),
    UNSUPPORTED_SPEC_VERSION(422, "Unsupported CycloneDX spec version"),
    INVALID_SBOM(422, "Invalid SBOM"),
    INVALID_ENCODING(400, "Invalid text encoding"),
    TOO_MANY_COMPONENTS(422, "Too many components"),
    INVALID_PURL(422, "Invalid package URL"),
    INVALID_POLICY(422, "Invalid policy"),
    INVALID_TOPOLOGY(422, "Invalid topology"),
    INVALID_TRANSITION(409, "Transition not allowed"),
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

    /** The problem type URI: a relative reference under {@code /problems/}. */
    public String uri() {
        return "/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
