package dev.trustmap.policy.cel;

import dev.cel.common.CelErrorCode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites what CEL says into the words of a policy author: positions as line and column of the
 * expression, no parser token names, no overload ids, no Java types or Java exception texts.
 */
final class CelMessages {
    private static final Pattern AT_INPUT = Pattern.compile("^evaluation error at <input>:(\\d+): ");
    private static final Pattern ANTLR_EXPECTING = Pattern.compile("\\s*expecting (\\{[^}]*}|\\S+)");
    private static final Pattern JAVA_NUMBER = Pattern.compile("^For input string: (\"?.*\"?)(?: under radix \\d+)?$");
    private static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|java\\.|Exception|\\bError\\b|\\$");

    private CelMessages() {
    }

    /** A compile (parse or type-check) issue: the position is reported apart, the token names of the grammar go. */
    static String compileIssue(String message) {
        if (message == null || message.isBlank()) {
            return "expression cannot be compiled";
        }
        String m = message.replace("'<EOF>'", "the end of the expression").replace("<EOF>", "the end of the expression");
        m = ANTLR_EXPECTING.matcher(m).replaceAll("");
        m = m.replace("mismatched input", "unexpected").replace("extraneous input", "unexpected")
                .replace("no viable alternative at input", "cannot read").replace("token recognition error at:", "unexpected character");
        return guard(m, "expression cannot be compiled");
    }

    /** A run-time error of {@code expression}; CEL gives the offset of the failing call, said here as line and column. */
    static String evaluationError(String message, CelErrorCode code, String expression) {
        String m = message == null ? "" : message;
        String where = "";
        Matcher at = AT_INPUT.matcher(m);
        if (at.find()) {
            where = position(expression, Integer.parseInt(at.group(1))) + ": ";
            m = m.substring(at.end());
        } else if (m.startsWith("evaluation error: ")) {
            m = m.substring("evaluation error: ".length());
        }
        int candidates = m.indexOf(". Overload candidates");
        if (candidates >= 0) {
            m = m.substring(0, candidates);
        }
        Matcher number = JAVA_NUMBER.matcher(m);
        if (number.matches()) {
            m = "cannot convert " + number.group(1) + " to a number";
        } else if (code == CelErrorCode.ATTRIBUTE_NOT_FOUND && !m.contains(" ")) {
            m = "no such key '" + m + "'";
        } else if (code == CelErrorCode.DIVIDE_BY_ZERO || "/ by zero".equals(m)) {
            m = "division by zero";
        }
        return where + guard(m, fallback(code));
    }

    private static String fallback(CelErrorCode code) {
        return code == null ? "the expression could not be evaluated"
                : code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** The CEL type name of a value, as a policy author would write it. */
    static String celType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        } else if (value instanceof Long || value instanceof Integer) {
            return "an int";
        } else if (value instanceof Double || value instanceof Float) {
            return "a double";
        } else if (value instanceof List<?>) {
            return "a list";
        } else if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return "a value of another type";
    }

    private static String position(String expression, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, expression.length()); i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "at line " + line + ", column " + column;
    }

    private static String guard(String message, String fallback) {
        return message.isBlank() || JAVA_ISH.matcher(message).find() ? fallback : message;
    }
}
