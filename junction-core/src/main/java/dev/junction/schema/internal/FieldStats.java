package dev.junction.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.schema.JsonType;
import dev.junction.schema.SchemaTypes;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What sampling saw at one place of the records (the record itself, a field, or the items of an
 * array): how often each JSON type occurred, which string formats every string fitted, a few
 * distinct strings (for enums), and the same for nested fields and array items. Memory is bounded
 * by {@link #MAX_FIELDS}, {@link #MAX_DEPTH} and {@link #ENUM_MAX_VALUES}, not by the number of
 * records. Not thread-safe.
 */
public final class FieldStats {
    /** At most this many distinct strings make an enum... */
    public static final int ENUM_MAX_VALUES = 10;
    /** ...and only when at least this many non-null strings were seen... */
    public static final int ENUM_MIN_STRINGS = 10;
    /** ...each value was seen twice on average (distinct ≤ strings / 2), and none is longer than this. */
    public static final int ENUM_MAX_LENGTH = 64;
    /** Fields per object beyond this many are not tracked (the schema says nothing of them). */
    public static final int MAX_FIELDS = 1_000;
    /** Objects and arrays nested deeper than this are typed but not looked into. */
    public static final int MAX_DEPTH = 16;

    private final int depth;
    private long present;
    private long nulls;
    private final EnumSet<JsonType> types = EnumSet.noneOf(JsonType.class);
    private long strings;
    private final EnumSet<Formats> formats = EnumSet.allOf(Formats.class);
    private Set<String> distinct = new TreeSet<>();
    private long objects;
    private final Map<String, FieldStats> fields = new TreeMap<>();
    private FieldStats items;

    public FieldStats() {
        this(0);
    }

    private FieldStats(int depth) {
        this.depth = depth;
    }

    /** Records one occurrence of a value here (a JSON null counts as present and null). */
    public void add(JsonNode value) {
        present++;
        switch (value.getNodeType()) {
            case NULL, MISSING -> nulls++;
            case BOOLEAN -> types.add(JsonType.BOOLEAN);
            case NUMBER -> types.add(value.isIntegralNumber() ? JsonType.INTEGER : JsonType.NUMBER);
            case STRING -> addString(value.textValue());
            case OBJECT -> addObject(value);
            case ARRAY -> addArray(value);
            default -> types.add(JsonType.STRING); // binary and POJO nodes only come from code, never from a parsed page
        }
    }

    /** How often the value was present (null included). */
    public long present() {
        return present;
    }

    /** The JSON Schema of what was seen here; {@code {}} when nothing was. */
    public ObjectNode schema(JsonNodeFactory nodes) {
        ObjectNode schema = nodes.objectNode();
        EnumSet<JsonType> seen = EnumSet.copyOf(types.isEmpty() ? EnumSet.noneOf(JsonType.class) : types);
        boolean nullable = nulls > 0;
        SchemaTypes.setTypes(schema, seen, nullable); // integer folds into number when both were seen
        if (seen.contains(JsonType.STRING)) {
            stringKeywords(schema, nullable);
        }
        if (seen.contains(JsonType.OBJECT)) {
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = nodes.arrayNode();
            fields.forEach((name, stats) -> {
                properties.set(name, stats.schema(nodes));
                if (stats.present == objects) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
        }
        if (seen.contains(JsonType.ARRAY) && items != null && items.present > 0) {
            schema.set("items", items.schema(nodes));
        }
        return schema;
    }

    private void stringKeywords(ObjectNode schema, boolean nullable) {
        if (!formats.isEmpty()) {
            schema.put("format", formats.iterator().next().jsonName());
        } else if (distinct != null && strings >= ENUM_MIN_STRINGS && distinct.size() * 2L <= strings) {
            ArrayNode values = schema.putArray("enum");
            distinct.forEach(values::add);
            if (nullable) {
                values.addNull();
            }
        }
    }

    private void addString(String text) {
        types.add(JsonType.STRING);
        strings++;
        formats.removeIf(f -> !f.matches(text));
        if (distinct != null) {
            if (text.length() > ENUM_MAX_LENGTH || (!distinct.contains(text) && distinct.size() == ENUM_MAX_VALUES)) {
                distinct = null; // too many or too long: not an enum; stop keeping values
            } else {
                distinct.add(text);
            }
        }
    }

    private void addObject(JsonNode object) {
        types.add(JsonType.OBJECT);
        objects++;
        if (depth >= MAX_DEPTH) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            FieldStats stats = fields.get(field.getKey());
            if (stats == null) {
                if (fields.size() >= MAX_FIELDS) {
                    continue;
                }
                stats = new FieldStats(depth + 1);
                fields.put(field.getKey(), stats);
            }
            stats.add(field.getValue());
        }
    }

    private void addArray(JsonNode array) {
        types.add(JsonType.ARRAY);
        if (depth >= MAX_DEPTH) {
            return;
        }
        if (items == null) {
            items = new FieldStats(depth + 1);
        }
        for (JsonNode item : array) {
            items.add(item);
        }
    }
}
