package dev.trustmap.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trustmap.api.platform.http.JsonMapperProvider;
import dev.trustmap.api.platform.http.Problem;
import dev.trustmap.api.platform.http.ProblemMappers;
import dev.trustmap.api.platform.http.ProblemType;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors the HTTP server answers itself (bad or ambiguous URIs, URI or headers too large, bad
 * requests it cannot parse) are {@code application/problem+json} like every API error; a browser
 * asking for a page outside {@code /api} still gets Jetty's HTML page. Used as the server's and
 * the servlet context's error handler.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause)
            throws java.io.IOException {
        if (!wantsProblem(request)) {
            return super.generateAcceptableResponse(request, response, callback, contentType, charsets, code, message, cause);
        }
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMappers.MEDIA_TYPE);
        response.getHeaders().put("X-Request-Id", requestId);
        response.write(true, ByteBuffer.wrap(body(code, message, path(request), requestId)), callback);
        return true;
    }

    /** A request the server could not even parse (a {@code 414}, a {@code 431}, a bad request line). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = UUID.randomUUID().toString();
        fields.put(HttpHeader.CONTENT_TYPE, ProblemMappers.MEDIA_TYPE);
        fields.put(new HttpField("X-Request-Id", requestId));
        return ByteBuffer.wrap(body(status, reason, null, requestId));
    }

    private static boolean wantsProblem(Request request) {
        String path = path(request);
        if (path == null || path.startsWith("/api") || path.startsWith("//") || path.startsWith("/health") || path.startsWith("/metrics")) {
            return true;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static String path(Request request) {
        try {
            return request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }

    static byte[] body(int status, String reason, String instance, String requestId) {
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = new Problem(type.uri(), type.title(), status, detail(status, reason), instance, requestId, null, List.of());
        try {
            return JsonMapperProvider.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The server's own reason, in the API's words; its text is shown only when it reads like a sentence about HTTP. */
    private static String detail(int status, String reason) {
        return switch (status) {
            case 414 -> "The request URI is longer than the server accepts";
            case 431 -> "The request headers are larger than the server accepts";
            case 413 -> "The request body is larger than the server accepts";
            case 400 -> "The request is not valid HTTP" + (reason == null || !reason.matches("[A-Za-z0-9 ,:;()'/%-]{1,120}")
                    || reason.contains("Exception") ? "" : ": " + reason);
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 503 -> "The service is unavailable; retry later";
            default -> status >= 500 ? "The server could not answer this request" : "The request was refused (HTTP " + status + ")";
        };
    }
}
