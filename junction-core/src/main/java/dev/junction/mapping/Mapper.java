package dev.junction.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.internal.FieldWriter;
import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * A mapping compiled once from its YAML lines and applied to every record. Thread-safe.
 *
 * <p>A source path that is absent leaves its target out; an explicit JSON null is kept as null.
 * Value maps without a default and failing expressions throw {@link MappingException} for that
 * record only.
 */
public final class Mapper {
    private final List<FieldWriter> writers;
    private final ObjectMapper json;

    private Mapper(List<FieldWriter> writers, ObjectMapper json) {
        this.writers = writers;
        this.json = json;
    }

    /** @throws IllegalArgumentException when a line cannot compile (the spec loader checks this first) */
    public static Mapper compile(List<FieldMapping> mapping, ObjectMapper json) {
        List<FieldWriter> writers = new ArrayList<>(mapping.size());
        for (FieldMapping line : mapping) {
            writers.add(FieldWriter.compile(line, json));
        }
        return new Mapper(List.copyOf(writers), json);
    }

    public ObjectNode map(JsonNode source) {
        ObjectNode target = json.createObjectNode();
        for (FieldWriter writer : writers) {
            writer.write(source, target);
        }
        return target;
    }
}
