package dev.junction.importer.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a JSON value as far as the importer needs it, whether it came from an OpenAPI schema
 * or from an example body of a Postman collection: objects with their properties, arrays with their
 * items, scalars with their type and format.
 *
 * @param kind what the value is
 * @param type the JSON type of a scalar ({@code string}, {@code integer}, ...), or null when unknown
 * @param format the schema's format ({@code uri}, {@code date-time}), or null
 * @param properties an object's properties, in order (empty otherwise)
 * @param items an array's items (null otherwise, or when unknown)
 * @param name the component the shape came from ({@code Order}), or null
 */
public record Shape(Kind kind, String type, String format, Map<String, Shape> properties, Shape items, String name) {
    public enum Kind { OBJECT, ARRAY, SCALAR, UNKNOWN }

    public static final Shape UNKNOWN = new Shape(Kind.UNKNOWN, null, null, Map.of(), null, null);

    public Shape {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Shape scalar(String type, String format) {
        return new Shape(Kind.SCALAR, type, format, Map.of(), null, null);
    }

    public static Shape array(Shape items) {
        return new Shape(Kind.ARRAY, "array", null, Map.of(), items, null);
    }

    public static Shape object(Map<String, Shape> properties, String name) {
        return new Shape(Kind.OBJECT, "object", null, properties, null, name);
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    /** A short type for a comment: {@code string}, {@code string/date-time}, {@code array}, {@code object}. */
    public String describe() {
        return switch (kind) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case SCALAR -> (type == null ? "any" : type) + (format == null ? "" : "/" + format);
            case UNKNOWN -> "any";
        };
    }

    /**
     * An object's fields for a comment: {@code id string, team object (Team), tags array}, at most 24
     * (then how many more); a nested object or array of objects names its component or type.
     */
    public String describeFields() {
        java.util.StringJoiner joined = new java.util.StringJoiner(", ");
        int n = 0;
        for (Map.Entry<String, Shape> e : properties.entrySet()) {
            if (n++ == 24) {
                joined.add("... (" + (properties.size() - 24) + " more)");
                break;
            }
            Shape s = e.getValue();
            Shape inner = s.isArray() && s.items() != null ? s.items() : s;
            joined.add(e.getKey() + " " + s.describe() + (inner.isObject() && inner.name() != null ? " (" + inner.name() + ")" : ""));
        }
        return joined.toString();
    }
}
