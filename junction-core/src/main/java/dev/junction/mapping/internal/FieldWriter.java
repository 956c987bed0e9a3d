package dev.junction.mapping.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.JsonPath;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FieldMapping;
import java.util.HashMap;
import java.util.Map;

/** One compiled mapping line: reads a value from the source and writes it at a (nested) target. */
public final class FieldWriter {
    /** Wall-clock limit and depth limit for one JSONata evaluation, so one hostile record cannot stall a run. */
    private static final long EXPRESSION_TIMEOUT_MILLIS = 1_000;
    private static final int EXPRESSION_MAX_DEPTH = 200;

    private final String target;
    private final String[] targetSteps;
    private final ValueReader reader;

    private FieldWriter(String target, ValueReader reader) {
        this.target = target;
        this.targetSteps = target.split("\\.");
        this.reader = reader;
    }

    public static FieldWriter compile(FieldMapping line, ObjectMapper json) {
        return new FieldWriter(line.target(), reader(line.target(), line.value(), json));
    }

    public void write(JsonNode source, ObjectNode target) {
        JsonNode value = reader.read(source);
        if (value == null || value.isMissingNode()) {
            return;
        }
        ObjectNode parent = target;
        for (int i = 0; i < targetSteps.length - 1; i++) {
            JsonNode child = parent.get(targetSteps[i]);
            if (child instanceof ObjectNode object) {
                parent = object;
            } else if (child == null) {
                parent = parent.putObject(targetSteps[i]);
            } else {
                throw new MappingException(this.target, "'" + targetSteps[i] + "' is already set to a " + child.getNodeType().name().toLowerCase() + ", cannot nest fields under it");
            }
        }
        parent.set(targetSteps[targetSteps.length - 1], value);
    }

    /** Reads one value; returns a missing node (or null) to leave the target out. */
    interface ValueReader {
        JsonNode read(JsonNode source);
    }

    private static ValueReader reader(String target, FieldMapping.Value value, ObjectMapper json) {
        return switch (value) {
            case FieldMapping.Path p -> {
                JsonPath path = JsonPath.parse(p.path());
                yield path::find;
            }
            case FieldMapping.Constant c -> {
                JsonNode constant = c.value() == null ? NullNode.getInstance() : json.valueToTree(c.value());
                yield source -> constant;
            }
            case FieldMapping.ValueMap m -> valueMap(target, m, json);
            case FieldMapping.Expression e -> expression(target, e.expression(), json);
        };
    }

    private static ValueReader valueMap(String target, FieldMapping.ValueMap m, ObjectMapper json) {
        JsonPath from = JsonPath.parse(m.from());
        Map<String, JsonNode> values = new HashMap<>();
        m.values().forEach((k, v) -> values.put(k, v == null ? NullNode.getInstance() : json.valueToTree(v)));
        JsonNode fallback = m.hasDefault() ? (m.defaultValue() == null ? NullNode.getInstance() : json.valueToTree(m.defaultValue())) : null;
        return source -> {
            JsonNode in = from.find(source);
            if (in.isMissingNode() || in.isNull()) {
                if (fallback != null) {
                    return fallback;
                }
                throw new MappingException(target, "no value at '" + m.from() + "' to look up in the value map, and no default");
            }
            String key = in.isValueNode() ? in.asText() : in.toString();
            JsonNode out = values.get(key);
            if (out != null) {
                return out;
            }
            if (fallback != null) {
                return fallback;
            }
            throw new MappingException(target, "value '" + key + "' at '" + m.from() + "' is not in the value map " + m.values().keySet() + " and there is no default");
        };
    }

    private static ValueReader expression(String target, String text, ObjectMapper json) {
        Jsonata expression = Jsonata.jsonata(text);
        return source -> {
            Object input = json.convertValue(source, Object.class);
            try {
                Jsonata.Frame frame = expression.createFrame();
                frame.setRuntimeBounds(EXPRESSION_TIMEOUT_MILLIS, EXPRESSION_MAX_DEPTH);
                Object result = expression.evaluate(input, frame);
                if (result == null) {
                    return null;
                }
                return result == Jsonata.NULL_VALUE ? NullNode.getInstance() : json.valueToTree(result);
            } catch (RuntimeException e) {
                throw new MappingException(target, "expression '= " + text + "' failed: " + e.getMessage());
            }
        };
    }
}
