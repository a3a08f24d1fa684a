package dev.trustmap.api.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Jackson's failures in the request's terms: which field (a JSON pointer), what was expected,
 * what was found, where (line and column). Never a Java type, a Jackson class or feature name.
 */
public final class JsonProblems {
    /** Text that reads like Java rather than like the request: a last guard before anything is shown. */
    static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|java\\.|com\\.fasterxml|Exception|Feature|`"
            + "|\\$|<[A-Za-z.]+>|Source: |REDACTED|START_|END_|VALUE_|FIELD_NAME");
    private static final String DATE_TIME = "an ISO-8601 date-time such as 2027-01-31T00:00:00Z";

    private JsonProblems() {
    }

    /** The problem for a request body Jackson could not read. */
    public static ProblemException of(JsonProcessingException e) {
        String where = where(e.getLocation());
        if (e instanceof StreamConstraintsException) {
            String message = constraint(e.getOriginalMessage());
            return problem(pointerOf(e), message, "The request body goes over a limit: " + message + where);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = pointer(mapping);
            String message = mappingMessage(mapping);
            return problem(field, message, "The request body does not fit" + (field.equals("/") ? "" : " at " + field) + ": "
                    + message + where);
        }
        if (e instanceof InputCoercionException coercion) {
            String message = "expected " + describe(coercion.getTargetType()) + " in range, found " + found(coercion.getProcessor());
            return problem(pointerOf(e), message, "The request body does not fit: " + message + where);
        }
        String message = parseMessage(e.getOriginalMessage());
        return problem(pointerOf(e), message, "The request body is not valid JSON: " + message + where);
    }

    private static ProblemException problem(String field, String message, String detail) {
        return new ProblemException(ProblemType.MALFORMED_JSON, detail, List.of(new ProblemException.FieldError(field, message)), Map.of());
    }

    private static String mappingMessage(JsonMappingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof PropertyBindingException unknown) {
            TreeSet<String> known = new TreeSet<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            return "unknown field \"" + abbreviate(unknown.getPropertyName()) + "\"" + (known.isEmpty() ? "" : "; expected one of: "
                    + String.join(", ", known));
        }
        if (e instanceof InvalidFormatException format) {
            return "expected " + describe(format.getTargetType()) + ", found " + quote(format.getValue());
        }
        if (original.startsWith("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (original.startsWith("No content to map")) {
                return "expected a JSON value, found an empty body";
            }
            return "expected " + describe(mismatch.getTargetType()) + ", found " + found(e.getProcessor());
        }
        if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null
                && !JAVA_ISH.matcher(cause.getMessage()).find()) {
            return "not a valid value: " + abbreviate(cause.getMessage());
        }
        return "not a valid value";
    }

    /** What the request gives where the error is, from the parser's current token. */
    private static String found(Object processor) {
        if (!(processor instanceof JsonParser parser) || parser.currentToken() == null) {
            return "something else";
        }
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case START_ARRAY, END_ARRAY -> "an array";
                case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
                case VALUE_STRING -> "a string " + quote(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(parser.getText());
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                default -> "something else";
            };
        } catch (java.io.IOException unreadable) {
            return "something else";
        }
    }

    /** A Java type in JSON words. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "another value";
        } else if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        } else if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        } else if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
            return DATE_TIME;
        } else if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2027-01-31";
        } else if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date or time";
        } else if (type == UUID.class) {
            return "a UUID such as 00000000-0000-0000-0000-000000000000";
        } else if (type.isEnum()) {
            TreeSet<String> values = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(constant.toString().toLowerCase(Locale.ROOT));
            }
            return "one of " + String.join(", ", values);
        } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The JSON pointer of a mapping error: {@code /scope/values/0}; {@code /} for the whole body. */
    static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            out.append('/');
            if (ref.getFieldName() != null) {
                out.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                out.append(ref.getIndex());
            }
        }
        return out.isEmpty() ? "/" : abbreviate(out.toString());
    }

    private static String pointerOf(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? "/" : abbreviate(pointer);
        }
        return "/";
    }

    private static String constraint(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("nesting depth")) {
            return "arrays and objects nested more than " + JsonMapperProvider.MAX_NESTING + " levels deep";
        } else if (m.contains("number value length") || m.contains("number length")) {
            return "a number longer than " + JsonMapperProvider.MAX_NUMBER_LENGTH + " digits";
        } else if (m.contains("string value length")) {
            return "a string longer than allowed";
        } else if (m.contains("name length")) {
            return "a field name longer than allowed";
        } else if (m.contains("document length")) {
            return "a document longer than allowed";
        }
        return "a value too large to read";
    }

    /** Jackson's parse error without its hints about Jackson's own features and source descriptions. */
    static String parseMessage(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable JSON";
        }
        String m = message;
        if (m.startsWith("Non-standard token")) {
            return m.substring("Non-standard ".length(), m.indexOf(':') > 0 ? m.indexOf(':') : m.length()) + " is not a JSON value";
        }
        if (m.contains("maybe a (non-standard) comment")) {
            return "comments are not allowed in JSON";
        }
        for (String cut : new String[] {" (start marker at", " (for Array starting at", " (for Object starting at", " (for root starting at",
                ": enable `", " (not recognized as one", "; nested exception", " at [Source"}) {
            int at = m.indexOf(cut);
            if (at > 0) {
                m = m.substring(0, at);
            }
        }
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        return JAVA_ISH.matcher(m).find() ? "not valid JSON" : m;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String s ? "\"" + abbreviate(s).replace("\"", "\\\"") + "\"" : abbreviate(String.valueOf(value));
        return text;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
