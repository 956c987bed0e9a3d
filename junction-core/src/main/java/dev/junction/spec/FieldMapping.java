package dev.junction.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One line of a mapping: the destination field {@code target} (a dotted path; dots build nested
 * objects) and where its value comes from.
 */
public record FieldMapping(String target, Value value, SourceLocation location) {

    public sealed interface Value {}

    /**
     * A source field path, {@code properties.email} or {@code items[0].id}; each {@code [*]} maps over
     * an array and the result is an array (nested {@code [*]} are flattened).
     */
    public record Path(String path) implements Value {}

    /**
     * {@code { remove: true }} in a connection's {@code mappingOverrides}: the sync's default line
     * with this target is left out for that connection. Never compiled: the effective mapping drops it.
     */
    public record Remove() implements Value {}

    /** A constant (string, number, boolean or null). */
    public record Constant(Object value) implements Value {}

    /**
     * A JSONata expression over the source record, written {@code = expression} in YAML. One
     * evaluation may run for at most {@code timeout} and nest at most {@code maxDepth} calls; past
     * either, that record fails.
     */
    public record Expression(String expression, Duration timeout, int maxDepth) implements Value {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_DEPTH = 200;

        public Expression(String expression) {
            this(expression, DEFAULT_TIMEOUT, DEFAULT_MAX_DEPTH);
        }
    }

    /**
     * A value map: the source value at {@code from}, as text, looked up in {@code values}. A value
     * not in the map becomes {@code defaultValue} when {@code hasDefault}, else a row error.
     */
    public record ValueMap(String from, Map<String, Object> values, boolean hasDefault, Object defaultValue) implements Value {}

    /**
     * The object form of a field: {@code source}, then {@code convert} steps, then an optional value
     * map {@code lookup}. A missing or null source becomes {@code defaultValue} when
     * {@code hasDefault}. The field is left out when {@code when} is set and does not hold.
     */
    public record Pipeline(Value source, List<Conversion> convert, Lookup lookup, boolean hasDefault, Object defaultValue,
            Condition when) implements Value {}

    /**
     * A value map to look source values up in (by their text), already turned around when declared
     * with {@code reverse: true}. {@code name} is the sync-level value map it comes from, or null.
     */
    public record Lookup(String name, Map<String, Object> values, Unknown unknown, boolean reverse) {}

    /** What a value map does with a value it does not hold. */
    public enum Unknown {
        /** A row error. */
        ERROR,
        /** The value is written unchanged. */
        PASS,
        /** The field's default is written. */
        DEFAULT
    }

    /** When a field is written. */
    public sealed interface Condition {}

    /** A JSONata predicate over the record (or the array element inside {@code each}). */
    public record Predicate(Expression expression) implements Condition {}

    /** Holds when the value at {@code path} equals {@code value} (numbers by value, so 1 equals 1.0). */
    public record Equals(String path, Object value) implements Condition {}

    /** An object built from its own mapping lines, whose sources are read from the same record. */
    public record ObjectValue(List<FieldMapping> fields) implements Value {}

    /** An array of values; items whose source is missing are left out. */
    public record ArrayValue(List<Value> items) implements Value {}

    /** An array with one {@code item} per element of the array at {@code path}, read relative to that element. */
    public record Each(String path, Value item) implements Value {}

    /**
     * A value found in a stream of the destination connection: the one record of {@code stream} whose
     * {@code match} path equals the source value at {@code value} gives its {@code select} path (for
     * example an owner's email resolved to the destination's owner id). The stream is read once per
     * run; no match or several matches is a row error.
     */
    public record StreamLookup(String stream, String match, String value, String select) implements Value {}
}
