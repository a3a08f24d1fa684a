package dev.trustmap.api.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON request body before it is bound: strict UTF-8, well-formed JSON (one value, no
 * duplicate fields, limited nesting), no unpaired surrogate in any field name or string (a JSON
 * {@code "\ud800"} escape alone), and an object where the request is an object. Failures are
 * problems naming the field by its JSON pointer.
 */
public final class JsonBodies {
    /** The largest JSON request body bound to a request record. */
    public static final long MAX_BYTES = 1024 * 1024;

    private JsonBodies() {
    }

    /** Checks {@code bytes} as the JSON body of a request whose body is one JSON object. */
    public static void check(byte[] bytes) {
        StrictText.checkUtf8(bytes, "body");
        // parsed as the UTF-8 text it is: Jackson would otherwise detect UTF-16 or UTF-32 from NUL bytes
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser parser = JsonMapperProvider.requests().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid("/", "expected a JSON object, found an empty body");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid("/", "expected a JSON object, found " + kind(first));
            }
            for (JsonToken token = first; token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    String problem = StrictText.problemOf(parser.getText());
                    if (problem != null) {
                        String pointer = parser.getParsingContext().pathAsPointer().toString();
                        throw invalid(pointer.isEmpty() ? "/" : pointer, (token == JsonToken.FIELD_NAME ? "the field name " : "the string ") + problem);
                    }
                }
                if (parser.getParsingContext().inRoot() && token == JsonToken.END_OBJECT) {
                    JsonToken trailing = parser.nextToken();
                    if (trailing != null) {
                        throw invalid("/", "unexpected content after the JSON object");
                    }
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The request body could not be read completely");
        }
    }

    /** Checks and binds a JSON object body to {@code type}. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        check(bytes);
        try {
            return JsonMapperProvider.requests().readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The request body could not be read completely");
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not valid" + (field.equals("/") ? "" : " at " + field)
                + ": " + message, List.of(new ProblemException.FieldError(field, message)), Map.of());
    }
}
