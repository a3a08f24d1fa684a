package dev.trustmap.api.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The RFC 9457 body. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      String errorId, List<ProblemException.FieldError> errors) {
}
