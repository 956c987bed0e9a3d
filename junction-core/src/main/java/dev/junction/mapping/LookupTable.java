package dev.junction.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.JsonPath;
import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code lookup} field's index over the records of a destination stream: the text of each
 * record's {@code match} value to the {@code select} values of every record that has it. Built once
 * per run and shared by every page; immutable once built, so thread-safe for reading.
 *
 * <p>Bounded: at most {@code maxRecords} records are indexed; one more is an error for the whole
 * run (raise the limit or narrow the stream), never a silently partial table.
 */
public final class LookupTable {
    /** The most records a lookup stream may hold by default. */
    public static final int DEFAULT_MAX_RECORDS = 100_000;
    private static final int SHOWN_MATCHES = 5;

    private final FieldMapping.StreamLookup spec;
    private final JsonPath match;
    private final JsonPath select;
    private final int maxRecords;
    private final Map<String, List<JsonNode>> byKey = new HashMap<>();
    private int records;

    /** An empty table to {@link #add} the stream's records to. */
    public LookupTable(FieldMapping.StreamLookup spec, int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        this.spec = spec;
        this.match = JsonPath.parse(spec.match());
        this.select = JsonPath.parse(spec.select());
        this.maxRecords = maxRecords;
    }

    public FieldMapping.StreamLookup spec() {
        return spec;
    }

    public int size() {
        return records;
    }

    /**
     * Indexes one record of the stream. Records without a {@code match} value (absent or null) can
     * never match and are skipped; a matched record without {@code select} fails when looked up.
     *
     * @throws LookupTooLargeException when this record is one past {@code maxRecords}
     */
    public void add(JsonNode record) {
        if (++records > maxRecords) {
            throw new LookupTooLargeException("lookup stream '" + spec.stream() + "' has more than " + maxRecords
                    + " records; a lookup table holds at most " + maxRecords + " (narrow the stream or raise the limit)");
        }
        JsonNode key = match.find(record);
        if (key == null || key.isMissingNode() || key.isNull()) {
            return;
        }
        byKey.computeIfAbsent(key(key), k -> new ArrayList<>(1)).add(select.find(record));
    }

    /**
     * The {@code select} value of the one record whose {@code match} equals {@code value}.
     *
     * @throws MappingException for {@code target} when no record or several records match, or the
     *     matching record has no {@code select} value
     */
    public JsonNode resolve(String target, JsonNode value) {
        String key = key(value);
        List<JsonNode> found = byKey.get(key);
        String where = spec.stream() + " record";
        if (found == null) {
            throw new MappingException(target, "no " + where + " has " + spec.match() + " '" + key + "' (from '" + spec.value() + "')");
        }
        if (found.size() > 1) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(SHOWN_MATCHES, found.size()); i++) {
                shown.add(found.get(i) == null || found.get(i).isMissingNode() ? "(none)" : found.get(i).toString());
            }
            throw new MappingException(target, found.size() + " " + where + "s have " + spec.match() + " '" + key + "' (" + spec.select() + ": "
                    + String.join(", ", shown) + (found.size() > SHOWN_MATCHES ? ", ..." : "") + "); a lookup must match exactly one");
        }
        JsonNode selected = found.get(0);
        if (selected == null || selected.isMissingNode()) {
            throw new MappingException(target, "the " + where + " with " + spec.match() + " '" + key + "' has no " + spec.select());
        }
        return selected;
    }

    /** The {@code select} values of every record whose {@code match} equals {@code value} (text as is, numbers by value); empty when none. */
    public List<JsonNode> matches(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? List.of() : List.copyOf(byKey.getOrDefault(key(value), List.of()));
    }

    /** Text as is, numbers by value (1 and 1.0 are "1"), anything else as JSON. */
    private static String key(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber() && Double.isFinite(value.doubleValue())) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** A lookup stream holds more records than a table may. */
    public static final class LookupTooLargeException extends dev.junction.JunctionException {
        LookupTooLargeException(String message) {
            super(message);
        }
    }
}
