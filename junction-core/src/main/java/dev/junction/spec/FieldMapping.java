package dev.junction.spec;

import java.util.Map;

/**
 * One line of a mapping: the destination field {@code target} (a dotted path; dots build nested
 * objects) and where its value comes from.
 */
public record FieldMapping(String target, Value value, SourceLocation location) {

    public sealed interface Value {}

    /** A source field path, {@code properties.email} or {@code items[0].id}. */
    public record Path(String path) implements Value {}

    /** A constant (string, number, boolean or null). */
    public record Constant(Object value) implements Value {}

    /** A JSONata expression over the source record, written {@code = expression} in YAML. */
    public record Expression(String expression) implements Value {}

    /**
     * A value map: the source value at {@code from}, as text, looked up in {@code values}. A value
     * not in the map becomes {@code defaultValue} when {@code hasDefault}, else a row error.
     */
    public record ValueMap(String from, Map<String, Object> values, boolean hasDefault, Object defaultValue) implements Value {}
}
