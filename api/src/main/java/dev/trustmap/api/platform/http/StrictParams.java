package dev.trustmap.api.platform.http;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Typed parameters read strictly: whole numbers are plain digits, 0 or more (every number
 * parameter of this API is a count, an offset or a duration); booleans are {@code true} or
 * {@code false}. Anything else is a {@code 400} naming the parameter ({@link ProblemMappers}),
 * not JAX-RS's {@code 404} for an unconvertible query parameter, nor a silent {@code false}.
 */
public final class StrictParams implements ParamConverterProvider {

    /** A parameter value that does not convert; carries what was expected and what was found. */
    public static final class InvalidValue extends RuntimeException {
        private final String expected;
        private final String value;

        InvalidValue(String expected, String value) {
            super(expected, null, false, false);
            this.expected = expected;
            this.value = value;
        }

        public String expected() {
            return expected;
        }

        public String value() {
            return value;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Whole<>(Integer.MAX_VALUE, Integer::valueOf);
        } else if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) new Whole<>(Long.MAX_VALUE, Long::valueOf);
        } else if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) new Bool();
        }
        return null;
    }

    private record Whole<N extends Number>(long max, java.util.function.Function<String, N> parse) implements ParamConverter<N> {
        @Override
        public N fromString(String value) {
            if (value == null) {
                return null;
            }
            String expected = "a whole number from 0 to " + max;
            if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidValue(expected, value);
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed > max) {
                    throw new InvalidValue(expected, value);
                }
            } catch (NumberFormatException e) {
                throw new InvalidValue(expected, value);
            }
            return parse.apply(value);
        }

        @Override
        public String toString(N value) {
            return String.valueOf(value);
        }
    }

    private static final class Bool implements ParamConverter<Boolean> {
        @Override
        public Boolean fromString(String value) {
            if (value == null) {
                return null;
            }
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            } else if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new InvalidValue("true or false", value);
        }

        @Override
        public String toString(Boolean value) {
            return String.valueOf(value);
        }
    }
}
