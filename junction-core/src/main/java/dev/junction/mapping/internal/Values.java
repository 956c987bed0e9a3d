package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.JsonPath;
import dev.junction.json.WildcardPath;
import dev.junction.mapping.LookupTable;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FieldMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles each kind of mapping value into a {@link ValueReader}, once. */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {}

    static ValueReader compile(String target, FieldMapping.Value value) {
        return switch (value) {
            case FieldMapping.Path p -> path(p.path());
            case FieldMapping.Constant c -> {
                JsonNode constant = constant(c.value());
                yield scope -> constant;
            }
            case FieldMapping.Expression e -> expression(target, e);
            case FieldMapping.ValueMap m -> Pipeline.compile(target, new FieldMapping.Pipeline(new FieldMapping.Path(m.from()), List.of(),
                    new FieldMapping.Lookup(null, m.values(), m.hasDefault() ? FieldMapping.Unknown.DEFAULT : FieldMapping.Unknown.ERROR, false),
                    m.hasDefault(), m.defaultValue(), null));
            case FieldMapping.Pipeline p -> Pipeline.compile(target, p);
            case FieldMapping.ObjectValue o -> object(target, o);
            case FieldMapping.ArrayValue a -> array(target, a);
            case FieldMapping.Each e -> each(target, e);
            case FieldMapping.StreamLookup l -> streamLookup(target, l);
            case FieldMapping.Remove r -> throw new IllegalArgumentException(
                    "field '" + target + "': a removed line is dropped by the effective mapping and never compiled");
        };
    }

    static ValueReader path(String text) {
        WildcardPath wildcard = WildcardPath.parse(text);
        if (wildcard.hasWildcard()) {
            return scope -> wildcard.find(scope.node());
        }
        JsonPath path = JsonPath.parse(text);
        return scope -> path.find(scope.node());
    }

    /** Absent or null source values pass through (the target is left out or null); the table decides the rest. */
    private static ValueReader streamLookup(String target, FieldMapping.StreamLookup spec) {
        ValueReader value = path(spec.value());
        return scope -> {
            JsonNode found = value.read(scope);
            if (found == null || found.isMissingNode() || found.isNull()) {
                return found;
            }
            LookupTable table = scope.lookups().find(spec);
            if (table == null) {
                throw new MappingException(target, "lookup in stream '" + spec.stream() + "' has no table: the stream was not read (a run or map preview reads it first)");
            }
            return table.resolve(target, found);
        };
    }

    private static ValueReader expression(String target, FieldMapping.Expression spec) {
        JsonataCall call = new JsonataCall(spec);
        return scope -> {
            try {
                return call.evaluateJson(scope);
            } catch (JsonataCall.Failure e) {
                throw new MappingException(target, "expression '= " + call.text() + "' failed: " + e.getMessage());
            }
        };
    }

    private static ValueReader object(String target, FieldMapping.ObjectValue spec) {
        List<FieldWriter> writers = new ArrayList<>(spec.fields().size());
        for (FieldMapping line : spec.fields()) {
            writers.add(FieldWriter.compile(target + ".", line));
        }
        return scope -> {
            ObjectNode out = NODES.objectNode();
            for (FieldWriter writer : writers) {
                writer.write(scope, out);
            }
            return out;
        };
    }

    private static ValueReader array(String target, FieldMapping.ArrayValue spec) {
        List<ValueReader> items = new ArrayList<>(spec.items().size());
        for (int i = 0; i < spec.items().size(); i++) {
            items.add(compile(target + "[" + i + "]", spec.items().get(i)));
        }
        return scope -> {
            ArrayNode out = NODES.arrayNode(items.size());
            for (ValueReader item : items) {
                JsonNode value = item.read(scope);
                if (value != null && !value.isMissingNode()) {
                    out.add(value);
                }
            }
            return out;
        };
    }

    private static ValueReader each(String target, FieldMapping.Each spec) {
        ValueReader elements = path(spec.path());
        ValueReader item = compile(target + "[]", spec.item());
        return scope -> {
            JsonNode array = elements.read(scope);
            if (array.isMissingNode() || array.isNull()) {
                return array;
            }
            if (!array.isArray()) {
                throw new MappingException(target, "each '" + spec.path() + "' expected an array, found " + JsonValues.kind(array) + " " + JsonValues.show(array));
            }
            ArrayNode out = NODES.arrayNode(array.size());
            for (JsonNode element : array) {
                JsonNode value = item.read(scope.child(element));
                if (value != null && !value.isMissingNode()) {
                    out.add(value);
                }
            }
            return out;
        };
    }

    /** A YAML constant (string, number, boolean, null, list or map of them) as JSON. */
    static JsonNode constant(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            map.forEach((k, v) -> out.set(String.valueOf(k), constant(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            list.forEach(v -> out.add(constant(v)));
            return out;
        }
        return JsonValues.fromJava(value);
    }

    /**
     * The text a value is looked up by in a value map: text as is, numbers by value (1, 1.0 and
     * 1.00 are all "1"), booleans as true/false, anything else as JSON.
     */
    static String key(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return value.asText();
            }
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() < -400 ? number.toString() : number.toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
