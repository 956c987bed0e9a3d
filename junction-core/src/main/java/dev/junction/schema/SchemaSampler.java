package dev.junction.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.schema.internal.FieldStats;

/**
 * Infers a JSON Schema (draft 2020-12) from sampled records. Offer records one at a time; only the
 * first {@code maxRecords} are looked at, and only their statistics are kept (never the records),
 * so memory stays small whatever the stream's size.
 *
 * <p>What the schema says, for each field path (nested objects get {@code properties}, arrays
 * {@code items}):
 * <ul>
 *   <li>{@code type}: every JSON type seen, {@code "null"} last when a value was null; a number
 *       written with a fraction or exponent makes the field {@code number}, else {@code integer};
 *   <li>{@code required}: the fields present (null or not) in every sampled object at that place;
 *   <li>{@code format}: {@code date-time}, {@code date}, {@code uuid}, {@code email} or {@code uri}
 *       when every string value fits it (that order wins when several fit);
 *   <li>{@code enum}: for a string field without a format, its values when at least
 *       {@value FieldStats#ENUM_MIN_STRINGS} non-null strings were seen, no more than
 *       {@value FieldStats#ENUM_MAX_VALUES} distinct values (each seen twice on average), none
 *       longer than {@value FieldStats#ENUM_MAX_LENGTH} characters ({@code null} added when nullable).
 * </ul>
 * Properties, required names and enum values are sorted, so the same records in any order give the
 * same schema. Not thread-safe.
 */
public final class SchemaSampler {
    /** The JSON Schema dialect of every schema Junction writes. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** The default sample size of a run's drift check and of {@code junction schema discover}. */
    public static final int DEFAULT_MAX_RECORDS = 1_000;

    private final int maxRecords;
    private final FieldStats root = new FieldStats();
    private long offered;

    public SchemaSampler(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        this.maxRecords = maxRecords;
    }

    /** Samples the record if fewer than maxRecords were sampled; returns whether it was. */
    public boolean offer(JsonNode record) {
        offered++;
        if (root.present() >= maxRecords) {
            return false;
        }
        root.add(record);
        return true;
    }

    /** How many records were sampled. */
    public long sampled() {
        return root.present();
    }

    /** How many records were offered (sampled or not). */
    public long offered() {
        return offered;
    }

    /** Whether another record would be sampled. */
    public boolean wantsMore() {
        return root.present() < maxRecords;
    }

    /** The schema of the records sampled so far; an object schema without properties before the first. */
    public ObjectNode schema() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode schema = nodes.objectNode();
        schema.put("$schema", DIALECT);
        if (root.present() == 0) {
            schema.put("type", "object");
            schema.putObject("properties");
            return schema;
        }
        schema.setAll(root.schema(nodes));
        return schema;
    }
}
