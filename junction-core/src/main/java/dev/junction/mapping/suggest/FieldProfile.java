package dev.junction.mapping.suggest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.suggest.internal.Names;
import dev.junction.schema.JsonType;
import dev.junction.schema.SchemaTypes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One field as the automapper sees it: its dotted path, the words its name compares by, its schema
 * (types, format) and a few of its values (lower-cased, trimmed).
 *
 * <p>The words come from the last path segment, except that a generic last segment ({@code name},
 * {@code id}, {@code code}, ...) takes its parent's words first ({@code company.name} compares as
 * company name) unless the parent is a mere container ({@code properties}, {@code attributes},
 * {@code fields}, {@code data}, ...).
 */
public record FieldProfile(String path, List<String> words, JsonNode schema, Set<String> samples) {
    /** Values kept per field. */
    public static final int MAX_SAMPLES = 50;
    private static final Set<String> GENERIC = Set.of("name", "id", "value", "code", "type", "number", "key", "label", "text");
    private static final Set<String> CONTAINERS = Set.of("properties", "attributes", "fields", "custom_fields", "customfields", "data", "values",
            "extra", "fields_data", "record", "item");

    public FieldProfile {
        words = List.copyOf(words);
        samples = Set.copyOf(samples);
    }

    /**
     * The leaf fields of a record schema (nested objects are walked; an array is one field), with
     * their values from {@code records}, in schema order.
     */
    public static List<FieldProfile> of(JsonNode schema, List<JsonNode> records) {
        List<FieldProfile> out = new ArrayList<>();
        walk(List.of(), schema, records, out);
        return out;
    }

    private static void walk(List<String> parents, JsonNode schema, List<JsonNode> records, List<FieldProfile> out) {
        for (var field : schema.path("properties").properties()) {
            List<String> path = new ArrayList<>(parents);
            path.add(field.getKey());
            JsonNode fieldSchema = field.getValue();
            if (SchemaTypes.types(fieldSchema).contains(JsonType.OBJECT) && fieldSchema.path("properties").size() > 0) {
                walk(path, fieldSchema, records, out);
            } else {
                out.add(new FieldProfile(String.join(".", path), words(path), fieldSchema, samples(path, records)));
            }
        }
    }

    static List<String> words(List<String> path) {
        String leaf = path.getLast();
        List<String> words = new ArrayList<>();
        if (path.size() > 1 && GENERIC.contains(leaf.toLowerCase(Locale.ROOT))) {
            String parent = path.get(path.size() - 2);
            if (!CONTAINERS.contains(parent.toLowerCase(Locale.ROOT))) {
                words.addAll(Names.words(parent));
            }
        }
        words.addAll(Names.words(leaf));
        return words;
    }

    private static Set<String> samples(List<String> path, List<JsonNode> records) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode record : records) {
            JsonNode value = record;
            for (String segment : path) {
                value = value == null ? null : value.get(segment);
            }
            if (value != null && value.isValueNode() && !value.isNull()) {
                String text = value.asText().strip().toLowerCase(Locale.ROOT);
                if (!text.isEmpty()) {
                    values.add(text);
                }
            }
            if (values.size() >= MAX_SAMPLES) {
                break;
            }
        }
        return values;
    }

    /** A profile without samples, for tests and schemas alone. */
    public static FieldProfile of(String path, ObjectNode schema) {
        return new FieldProfile(path, words(List.of(path.split("\\."))), schema, Set.of());
    }
}
