package dev.junction.engine;

import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.List;

/** A mapping line's source, written back roughly as YAML, as the map commands and the API show it. */
public final class MappingText {
    private MappingText() {}

    public static String describe(FieldMapping.Value value) {
        return switch (value) {
            case FieldMapping.Path p -> p.path();
            case FieldMapping.Expression e -> "= " + e.expression();
            case FieldMapping.Remove r -> "{ remove: true }";
            case FieldMapping.Constant c -> "{ const: " + (c.value() instanceof String s ? "\"" + s + "\"" : String.valueOf(c.value())) + " }";
            case FieldMapping.ValueMap m -> "{ from: " + m.from() + ", values: " + m.values() + (m.hasDefault() ? ", default: " + m.defaultValue() : "") + " }";
            case FieldMapping.Pipeline p -> pipeline(p);
            case FieldMapping.ObjectValue o -> "{ object: " + o.fields().size() + " fields }";
            case FieldMapping.ArrayValue a -> "{ array: " + a.items().size() + " items }";
            case FieldMapping.Each e -> "{ each: " + e.path() + " }";
            case FieldMapping.StreamLookup l -> "{ lookup: " + l.stream() + "." + l.select() + " where " + l.match() + " = " + l.value() + " }";
        };
    }

    private static String pipeline(FieldMapping.Pipeline p) {
        List<String> parts = new ArrayList<>();
        parts.add("from: " + describe(p.source()));
        if (p.convert() != null && !p.convert().isEmpty()) {
            parts.add("convert: " + p.convert().size() + " step(s)");
        }
        if (p.lookup() != null) {
            parts.add(p.lookup().name() != null ? "map: " + p.lookup().name() + (p.lookup().reverse() ? " (reverse)" : "") : "values: " + p.lookup().values());
        }
        if (p.hasDefault()) {
            parts.add("default: " + p.defaultValue());
        }
        if (p.when() != null) {
            parts.add("when: ...");
        }
        return "{ " + String.join(", ", parts) + " }";
    }
}
