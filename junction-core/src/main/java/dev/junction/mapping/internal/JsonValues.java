package dev.junction.mapping.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Jackson scalars to the plain Java values JSONata reads, JSONata results back to Jackson trees
 * (walked directly rather than through a serializer), and values shown in messages.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_TEXT = 60;

    private JsonValues() {}

    /** A string, boolean or number as Java; null for JSON null and missing. */
    static Object scalar(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return node.isIntegralNumber() ? (node.canConvertToInt() ? (Object) node.intValue()
                        : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue()) : (Object) node.doubleValue();
            default:
                return null; // null and missing
        }
    }

    /** @throws IllegalArgumentException for a value JSON cannot hold, such as a function */
    static JsonNode fromJava(Object value) {
        if (value == null) {
            return null;
        }
        if (value == Jsonata.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? NODES.numberNode((long) d.doubleValue()) : NODES.numberNode(d);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                JsonNode v = fromJava(e.getValue());
                out.set(String.valueOf(e.getKey()), v == null ? NullNode.getInstance() : v);
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (Object item : list) {
                JsonNode v = fromJava(item);
                out.add(v == null ? NullNode.getInstance() : v);
            }
            return out;
        }
        throw new IllegalArgumentException("the result is a " + value.getClass().getSimpleName() + ", which is not a JSON value");
    }

    /** A value for a message: text quoted, anything else as JSON; long values cut short. */
    static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.isTextual() ? "\"" + value.textValue() + "\"" : value.toString();
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }

    /** "a number", "an object": the kind of a node, for messages. */
    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "nothing";
        };
    }
}
