package dev.junction.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;

/**
 * Compares the schema of what a run saw with the stored schema of its stream, field by field
 * (nested fields as {@code address.city}, array items as {@code tags[]}):
 * <ul>
 *   <li><b>added</b>: a field the run saw that the stored schema does not list (only the outermost
 *       new field is reported, not the fields inside it);
 *   <li><b>removed</b>: a field the stored schema marks required (it was in every sampled record)
 *       that is in none of the run's sampled records, while its parent object was;
 *   <li><b>type</b>: a field whose values were of a type the stored schema does not allow. Integers
 *       fit a number field; a null or a different string format is not a type change. A field the
 *       stored schema gives no type (a discovered field of unknown type) takes the seen type silently.
 * </ul>
 * The merged schema is the stored one with each change applied: added fields (not required),
 * removed fields no longer required, changed types widened to both (format and enum dropped). So
 * a change is reported by the first run that sees it, not again by every later one.
 */
public final class SchemaDrift {
    private SchemaDrift() {}

    /** One change of one field. {@code before}/{@code after} describe types (null where the field is absent). */
    public record Change(String field, Kind kind, String before, String after) {}

    public enum Kind {
        ADDED("added"),
        REMOVED("removed"),
        TYPE("type");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** As stored and printed: {@code added}, {@code removed}, {@code type}. */
        public String label() {
            return label;
        }
    }

    /** The changes, in field order, and the stored schema with them applied. */
    public record Result(List<Change> changes, ObjectNode merged) {}

    /** Compares {@code observed} (from a run's records) with {@code stored}; neither is changed. */
    public static Result compare(ObjectNode stored, ObjectNode observed) {
        ObjectNode merged = stored.deepCopy();
        List<Change> changes = new ArrayList<>();
        compareObjects("", stored, observed, merged, changes);
        return new Result(List.copyOf(changes), merged);
    }

    private static void compareObjects(String prefix, JsonNode stored, JsonNode observed, ObjectNode merged, List<Change> changes) {
        JsonNode storedProps = stored.path("properties");
        JsonNode observedProps = observed.path("properties");
        ObjectNode mergedProps = merged.has("properties") ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
        for (var field : observedProps.properties()) {
            String path = prefix + field.getKey();
            JsonNode storedField = storedProps.get(field.getKey());
            if (storedField == null) {
                changes.add(new Change(path, Kind.ADDED, null, SchemaTypes.describe(field.getValue())));
                mergedProps.set(field.getKey(), field.getValue().deepCopy());
            } else {
                compareField(path, storedField, field.getValue(), (ObjectNode) mergedProps.get(field.getKey()), changes);
            }
        }
        for (JsonNode required : stored.path("required")) {
            String name = required.asText();
            if (!observedProps.has(name) && storedProps.has(name)) {
                changes.add(new Change(prefix + name, Kind.REMOVED, SchemaTypes.describe(storedProps.get(name)), null));
                removeRequired(merged, name);
            }
        }
    }

    private static void compareField(String path, JsonNode stored, JsonNode observed, ObjectNode merged, List<Change> changes) {
        EnumSet<JsonType> storedTypes = SchemaTypes.types(stored);
        EnumSet<JsonType> observedTypes = SchemaTypes.types(observed);
        boolean nullable = SchemaTypes.nullable(stored) || SchemaTypes.nullable(observed);
        if (storedTypes.isEmpty()) {
            merged.setAll((ObjectNode) observed.deepCopy());
            SchemaTypes.setTypes(merged, observedTypes, nullable);
            return;
        }
        if (!SchemaTypes.covers(storedTypes, observedTypes)) {
            changes.add(new Change(path, Kind.TYPE, SchemaTypes.describe(stored), SchemaTypes.describe(observed)));
            EnumSet<JsonType> union = EnumSet.copyOf(storedTypes);
            union.addAll(observedTypes);
            SchemaTypes.setTypes(merged, union, nullable);
            if (!observed.path("format").equals(stored.path("format"))) {
                merged.remove("format");
            }
            merged.remove("enum");
        } else if (nullable && !SchemaTypes.nullable(stored)) {
            SchemaTypes.setTypes(merged, storedTypes, true);
            merged.remove("enum"); // its values leave null out
        }
        if (storedTypes.contains(JsonType.OBJECT) && observedTypes.contains(JsonType.OBJECT)) {
            compareObjects(path + ".", stored, observed, merged, changes);
        } else if (observedTypes.contains(JsonType.OBJECT) && !merged.has("properties")) {
            merged.set("properties", observed.path("properties").deepCopy());
        }
        if (observed.has("items")) {
            if (stored.has("items")) {
                compareField(path + "[]", stored.get("items"), observed.get("items"), (ObjectNode) merged.get("items"), changes);
            } else {
                merged.set("items", observed.get("items").deepCopy());
            }
        }
    }

    private static void removeRequired(ObjectNode schema, String name) {
        if (schema.get("required") instanceof ArrayNode required) {
            for (Iterator<JsonNode> it = required.elements(); it.hasNext(); ) {
                if (it.next().asText().equals(name)) {
                    it.remove();
                }
            }
            if (required.isEmpty()) {
                schema.remove("required");
            }
        }
    }
}
