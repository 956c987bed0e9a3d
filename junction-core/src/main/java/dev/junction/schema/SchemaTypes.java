package dev.junction.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.StringJoiner;

/** Reading and writing the {@code type} keyword of a schema. */
public final class SchemaTypes {
    private SchemaTypes() {}

    /** The non-null types a schema allows; empty when it says nothing (any value). */
    public static EnumSet<JsonType> types(JsonNode schema) {
        EnumSet<JsonType> types = EnumSet.noneOf(JsonType.class);
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            add(types, type.textValue());
        } else if (type.isArray()) {
            type.forEach(t -> add(types, t.asText()));
        }
        return types;
    }

    public static boolean nullable(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.textValue().equals("null");
        }
        for (JsonNode t : type) {
            if (t.asText().equals("null")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every value {@code observed} allows is one {@code stored} allows (integers are numbers; null is not looked at). */
    public static boolean covers(EnumSet<JsonType> stored, EnumSet<JsonType> observed) {
        for (JsonType t : observed) {
            if (!stored.contains(t) && !(t == JsonType.INTEGER && stored.contains(JsonType.NUMBER))) {
                return false;
            }
        }
        return true;
    }

    /** Sets the {@code type} keyword (a string for one type, an array for several, {@code null} last). */
    public static void setTypes(ObjectNode schema, EnumSet<JsonType> types, boolean nullable) {
        EnumSet<JsonType> set = EnumSet.copyOf(types.isEmpty() ? EnumSet.noneOf(JsonType.class) : types);
        if (set.contains(JsonType.NUMBER)) {
            set.remove(JsonType.INTEGER);
        }
        int count = set.size() + (nullable ? 1 : 0);
        if (count == 0) {
            schema.remove("type");
        } else if (count == 1) {
            schema.put("type", set.isEmpty() ? "null" : set.iterator().next().jsonName());
        } else {
            ArrayNode array = schema.putArray("type");
            set.forEach(t -> array.add(t.jsonName()));
            if (nullable) {
                array.add("null");
            }
        }
    }

    /** For people and drift events: {@code string/email}, {@code integer|null}, {@code any}. */
    public static String describe(JsonNode schema) {
        EnumSet<JsonType> types = types(schema);
        StringJoiner out = new StringJoiner("|");
        for (JsonType t : types) {
            String format = t == JsonType.STRING && schema.path("format").isTextual() ? "/" + schema.get("format").textValue() : "";
            out.add(t.jsonName() + format);
        }
        if (nullable(schema)) {
            out.add("null");
        }
        return out.length() == 0 ? "any" : out.toString();
    }

    private static void add(EnumSet<JsonType> types, String name) {
        JsonType t = JsonType.of(name);
        if (t != null) {
            types.add(t);
        }
    }
}
