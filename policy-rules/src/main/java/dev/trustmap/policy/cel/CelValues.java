package dev.trustmap.policy.cel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the fact records into CEL values (maps, lists, strings, booleans, 64-bit integers) and
 * describes their shape for the compile-time field check. The records are the single source of
 * the field names.
 */
final class CelValues {
    private static final ClassValue<Accessor[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessor[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Accessor[] accessors = new Accessor[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = new Accessor(components[i].getName(), components[i].getAccessor());
            }
            return accessors;
        }
    };

    private record Accessor(String name, Method method) {
    }

    private CelValues() {
    }

    static Object toCel(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(toCel(item));
            }
            return out;
        }
        if (value instanceof Record record) {
            Accessor[] accessors = ACCESSORS.get(record.getClass());
            Map<String, Object> out = new HashMap<>(accessors.length * 2);
            for (Accessor accessor : accessors) {
                try {
                    out.put(accessor.name(), toCel(accessor.method().invoke(record)));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("Cannot read " + accessor.name(), e);
                }
            }
            return out;
        }
        return value.toString();
    }

    /** The shape of a CEL value made from a Java type. */
    sealed interface Shape permits Struct, ListOf, Leaf {
    }

    record Struct(String typeName, Map<String, Shape> fields) implements Shape {
    }

    record ListOf(Shape element) implements Shape {
    }

    record Leaf(String typeName) implements Shape {
    }

    /**
     * The shape of the value a policy reaches as {@code path} ({@code pkg}, {@code evidence.signals}):
     * structs are named by that path, as policy authors write it, never by the Java record.
     */
    static Shape shapeOf(Type type, String path) {
        if (type instanceof Class<?> c && c.isRecord()) {
            Map<String, Shape> fields = new LinkedHashMap<>();
            for (RecordComponent component : c.getRecordComponents()) {
                fields.put(component.getName(), shapeOf(component.getGenericType(), path + "." + component.getName()));
            }
            return new Struct(path, fields);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return new ListOf(shapeOf(p.getActualTypeArguments()[0], "an item of " + path));
        }
        if (type instanceof Class<?> c) {
            if (c == boolean.class || c == Boolean.class) {
                return new Leaf("bool");
            }
            if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
                return new Leaf("int");
            }
            return new Leaf("string");
        }
        return new Leaf("dyn");
    }
}
