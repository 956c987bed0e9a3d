package dev.junction.spec.internal;

import dev.junction.spec.Conversion;
import dev.junction.spec.FieldMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the object form of a mapping field: one source ({@code from}, {@code const},
 * {@code object}, {@code array}, {@code each} with {@code object}, or {@code lookup} in a destination stream) and what is done to it
 * ({@code values}/{@code map} with {@code reverse} and {@code unknown}, {@code convert},
 * {@code default}, {@code when}). The old shapes {@code { const }} and {@code { from, values, default }}
 * keep their records ({@link FieldMapping.Constant}, {@link FieldMapping.ValueMap}).
 */
final class FieldObjectReader {
    private FieldObjectReader() {}

    static FieldMapping.Value read(Fields f, MappingContext context) {
        List<String> sources = new ArrayList<>();
        for (String key : Schema.MAPPING_SOURCES) {
            if (f.has(key)) {
                sources.add(key);
            }
        }
        if (sources.isEmpty()) {
            for (YamlNode.Entry key : f.mapping().entries()) {
                String suggestion = DidYouMean.suggest(key.key(), Schema.MAPPING_FIELD);
                if (suggestion != null) {
                    f.problems().add(key.keyLocation(), f.child(key.key()), "unknown key; did you mean '" + suggestion + "'? (allowed: "
                            + String.join(", ", Schema.MAPPING_FIELD) + ")");
                    return null;
                }
            }
            f.problems().add(f.mapping().location(), f.path(), MappingReader.FORMS + ", found a mapping with keys " + String.join(", ", f.mapping().keys()));
            return null;
        }
        f.allow(Schema.MAPPING_FIELD);
        if (sources.equals(List.of("each"))) {
            f.missing("object", " (each builds one object per element)");
            return null;
        }
        if (sources.size() > 1 && !sources.equals(List.of("object", "each"))) {
            String second = sources.get(1);
            f.problems().add(f.keyLocation(second), f.child(second), "cannot be combined with '" + sources.get(0) + "': a field has one source");
            return null;
        }
        String kind = sources.contains("each") ? "each" : sources.get(0);
        boolean ok = true;
        ok &= only(f, "values", kind, "from");
        ok &= only(f, "map", kind, "from");
        ok &= only(f, "default", kind, "from", "each");
        ok &= only(f, "convert", kind, "from", "const");
        if (f.has("values") && f.has("map")) {
            f.problems().add(f.keyLocation("map"), f.child("map"), "cannot be combined with 'values': use the named value map or inline values, not both");
            ok = false;
        }
        if (f.has("reverse") && !f.has("map")) {
            f.problems().add(f.keyLocation("reverse"), f.child("reverse"), "only applies with map (a value map declared under valueMaps)");
            ok = false;
        }
        if (f.has("unknown") && !f.has("values") && !f.has("map")) {
            f.problems().add(f.keyLocation("unknown"), f.child("unknown"), "only applies with values or map");
            ok = false;
        }

        FieldMapping.Value source = source(f, kind, context);
        boolean hasDefault = f.has("default");
        Object defaultValue = hasDefault ? MappingReader.toJava(f.node("default")) : null;
        FieldMapping.Lookup lookup = lookup(f, context, hasDefault);
        List<Conversion> convert = f.has("convert") ? ConversionReader.read(f.node("convert"), f.child("convert"), f.problems()) : List.of();
        FieldMapping.Condition when = f.has("when") ? condition(f, context) : null;
        if (!ok || source == null || (f.has("values") || f.has("map")) && lookup == null || convert == null || f.has("when") && when == null) {
            return null;
        }
        List<String> keys = f.mapping().keys();
        if (lookup != null && source instanceof FieldMapping.Path p && f.has("values") && List.of("from", "values", "default").containsAll(keys)) {
            return new FieldMapping.ValueMap(p.path(), lookup.values(), hasDefault, defaultValue);
        }
        if (lookup == null && convert.isEmpty() && !hasDefault && when == null) {
            return source;
        }
        return new FieldMapping.Pipeline(source, convert, lookup, hasDefault, defaultValue, when);
    }

    /** Reports {@code key} when present with a source kind other than {@code kinds}. */
    private static boolean only(Fields f, String key, String kind, String... kinds) {
        if (!f.has(key) || List.of(kinds).contains(kind)) {
            return true;
        }
        f.problems().add(f.keyLocation(key), f.child(key), "only applies with " + String.join(" or ", kinds) + ", not with " + kind);
        return false;
    }

    private static FieldMapping.Value source(Fields f, String kind, MappingContext context) {
        YamlNode node = f.node(kind);
        String path = f.child(kind);
        switch (kind) {
            case "const" -> {
                return new FieldMapping.Constant(MappingReader.toJava(node));
            }
            case "from" -> {
                String text = f.string("from", true);
                if (text == null) {
                    return null;
                }
                if (text.strip().startsWith("=")) {
                    String expression = text.strip().substring(1).strip();
                    String error = Expressions.jsonataError(expression);
                    if (error != null) {
                        f.problem("from", error);
                        return null;
                    }
                    return context.expression(expression);
                }
                String error = MappingReader.sourcePathError(text);
                if (error != null) {
                    f.problem("from", error);
                    return null;
                }
                return new FieldMapping.Path(text);
            }
            case "object" -> {
                return object(f, context);
            }
            case "lookup" -> {
                return streamLookup(f);
            }
            case "array" -> {
                if (!(node instanceof YamlNode.Sequence list) || list.items().isEmpty()) {
                    f.problem("array", "expected a list of values, such as [work_phone, home_phone], found "
                            + (node instanceof YamlNode.Sequence ? "an empty list" : node.describe()));
                    return null;
                }
                List<FieldMapping.Value> items = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; i < list.items().size(); i++) {
                    YamlNode item = list.items().get(i);
                    FieldMapping.Value value = MappingReader.value(item, path + "[" + i + "]",
                            new YamlNode.Entry(String.valueOf(i), item.location(), item), f.problems(), context);
                    ok &= value != null;
                    items.add(value);
                }
                return ok ? new FieldMapping.ArrayValue(List.copyOf(items)) : null;
            }
            default -> { // each, with object
                String text = f.string("each", true);
                String error = text == null ? null : MappingReader.sourcePathError(text);
                if (error != null) {
                    f.problem("each", error);
                }
                FieldMapping.ObjectValue object = object(f, context);
                return text == null || error != null || object == null ? null : new FieldMapping.Each(text, object);
            }
        }
    }

    private static FieldMapping.StreamLookup streamLookup(Fields f) {
        Fields l = f.fields("lookup", true);
        if (l == null) {
            return null;
        }
        l.allow(Schema.MAPPING_LOOKUP);
        String stream = l.string("stream", true);
        String[] paths = new String[3];
        boolean ok = stream != null;
        String[] keys = {"match", "value", "select"};
        for (int i = 0; i < keys.length; i++) {
            paths[i] = l.string(keys[i], true);
            String error = paths[i] == null ? null : MappingReader.sourcePathError(paths[i]);
            if (error != null) {
                l.problem(keys[i], error);
            }
            ok &= paths[i] != null && error == null;
        }
        return ok ? new FieldMapping.StreamLookup(stream, paths[0], paths[1], paths[2]) : null;
    }

    private static FieldMapping.ObjectValue object(Fields f, MappingContext context) {
        Fields lines = f.fields("object", true);
        if (lines == null) {
            return null;
        }
        if (lines.mapping().isEmpty()) {
            f.problem("object", "expected at least one field, found none");
            return null;
        }
        int before = f.problems().size();
        List<FieldMapping> fields = MappingReader.lines(lines, context);
        return f.problems().size() > before ? null : new FieldMapping.ObjectValue(fields);
    }

    private static FieldMapping.Lookup lookup(Fields f, MappingContext context, boolean hasDefault) {
        if (!f.has("values") && !f.has("map")) {
            return null;
        }
        String unknownText = f.oneOf("unknown", Schema.UNKNOWN_VALUES, hasDefault ? "default" : "error");
        if (unknownText == null) {
            return null;
        }
        FieldMapping.Unknown unknown = FieldMapping.Unknown.valueOf(unknownText.toUpperCase(java.util.Locale.ROOT));
        if (unknown == FieldMapping.Unknown.DEFAULT && !hasDefault) {
            f.problem("unknown", "unknown: default needs a default value; add default: ...");
            return null;
        }
        if (f.has("values")) {
            Fields values = f.fields("values", true);
            if (values == null) {
                return null;
            }
            if (values.mapping().isEmpty()) {
                f.problem("values", "expected at least one value, found none");
                return null;
            }
            return new FieldMapping.Lookup(null, MappingReader.values(values), unknown, false);
        }
        String name = f.string("map", true);
        if (name == null) {
            return null;
        }
        Map<String, Object> values = context.valueMaps().get(name);
        if (values == null) {
            f.problem("map", "unknown value map '" + name + "'" + (context.valueMaps().isEmpty()
                    ? " (the sync declares no valueMaps)"
                    : DidYouMean.hint(name, context.valueMaps().keySet()) + " (value maps: " + String.join(", ", context.valueMaps().keySet()) + ")"));
            return null;
        }
        Boolean reverse = f.bool("reverse", false);
        if (reverse == null) {
            return null;
        }
        if (reverse) {
            values = reversed(f, name, values);
            if (values == null) {
                return null;
            }
        }
        return new FieldMapping.Lookup(name, values, unknown, reverse);
    }

    /** The value map turned around, or null (with a problem at reverse) when two keys share a value or a value is not a scalar. */
    private static Map<String, Object> reversed(Fields f, String name, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object value = e.getValue();
            if (value == null || value instanceof Map || value instanceof List) {
                f.problem("reverse", "value map '" + name + "' cannot be used in reverse: '" + e.getKey() + "' maps to "
                        + (value == null ? "null" : value instanceof Map ? "a mapping" : "a list") + ", which cannot be looked up");
                return null;
            }
            String key = key(value);
            Object earlier = out.putIfAbsent(key, e.getKey());
            if (earlier != null) {
                f.problem("reverse", "value map '" + name + "' cannot be used in reverse: '" + earlier + "' and '" + e.getKey()
                        + "' both map to " + key);
                return null;
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The text a YAML scalar is looked up by, the same rule as the mapper's: numbers by value (2 and 2.0 are "2"). */
    static String key(Object value) {
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            BigDecimal number = BigDecimal.valueOf(d).stripTrailingZeros();
            return number.toPlainString();
        }
        return String.valueOf(value);
    }

    private static FieldMapping.Condition condition(Fields f, MappingContext context) {
        YamlNode node = f.node("when");
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.STRING && scalar.text().strip().startsWith("=")) {
            String expression = scalar.text().strip().substring(1).strip();
            String error = Expressions.jsonataError(expression);
            if (error != null) {
                f.problem("when", error);
                return null;
            }
            return new FieldMapping.Predicate(context.expression(expression));
        }
        if (node instanceof YamlNode.Mapping) {
            Fields w = f.fields("when", true).allow(Schema.MAPPING_WHEN);
            String path = w.string("path", true);
            String error = path == null ? null : MappingReader.sourcePathError(path);
            if (error != null) {
                w.problem("path", error);
            }
            if (!w.has("equals")) {
                w.missing("equals");
            }
            return path == null || error != null || !w.has("equals") ? null : new FieldMapping.Equals(path, MappingReader.toJava(w.node("equals")));
        }
        f.problem("when", "expected \"= predicate\" (JSONata) or { path: ..., equals: ... }, found " + node.describe());
        return null;
    }
}
