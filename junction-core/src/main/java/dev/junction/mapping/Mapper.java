package dev.junction.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.internal.FieldWriter;
import dev.junction.mapping.internal.Scope;
import dev.junction.spec.FieldMapping;
import java.util.List;

/**
 * A mapping compiled once from its YAML lines and applied to every record. Thread-safe.
 *
 * <p>A source path that is absent leaves its target out; an explicit JSON null is kept as null.
 * Everything that can go wrong with one record (a value not in a value map, a failed conversion or
 * expression, an expression past its time or depth limit) throws {@link MappingException} naming
 * the field, for that record only. See docs/mapping.md.
 */
public final class Mapper {
    private final FieldWriter[] writers;
    private final LookupTables lookups;

    private Mapper(FieldWriter[] writers, LookupTables lookups) {
        this.writers = writers;
        this.lookups = lookups;
    }

    private Mapper(FieldWriter[] writers) {
        this(writers, LookupTables.none());
    }

    /**
     * This mapping resolving its {@code lookup} fields through {@code tables} (read from the
     * destination's streams when the run is planned). Without tables a lookup field is a row error.
     */
    public Mapper withLookups(LookupTables tables) {
        return new Mapper(writers, tables);
    }

    /** @throws IllegalArgumentException when a line cannot compile (the spec loader checks this first) */
    public static Mapper compile(List<FieldMapping> mapping) {
        FieldWriter[] writers = new FieldWriter[mapping.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = FieldWriter.compile(mapping.get(i));
        }
        return new Mapper(writers);
    }

    /** Kept for callers that pass their ObjectMapper; the mapper builds plain Jackson nodes either way. */
    public static Mapper compile(List<FieldMapping> mapping, ObjectMapper json) {
        return compile(mapping);
    }

    /** @throws MappingException when this record cannot be mapped; the next record is unaffected */
    public ObjectNode map(JsonNode source) {
        ObjectNode target = JsonNodeFactory.instance.objectNode();
        Scope scope = new Scope(source, lookups);
        for (FieldWriter writer : writers) {
            try {
                writer.write(scope, target);
            } catch (MappingException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                // A safety net: whatever a record holds, it fails alone rather than crashing the run.
                throw new MappingException(writer.target(), "unexpected error (a Junction bug, please report it): " + e);
            }
        }
        return target;
    }
}
