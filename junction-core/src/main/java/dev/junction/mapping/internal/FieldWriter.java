package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FieldMapping;

/** One compiled mapping line: reads a value from the record and writes it at a (nested) target. */
public final class FieldWriter {
    private final String target;
    private final String[] targetSteps;
    private final ValueReader reader;

    private FieldWriter(String target, String[] targetSteps, ValueReader reader) {
        this.target = target;
        this.targetSteps = targetSteps;
        this.reader = reader;
    }

    public static FieldWriter compile(FieldMapping line) {
        return compile("", line);
    }

    /** @param prefix the enclosing target and a dot, for lines inside {@code object}; empty at the top */
    static FieldWriter compile(String prefix, FieldMapping line) {
        String name = prefix + line.target();
        return new FieldWriter(name, line.target().split("\\."), Values.compile(name, line.value()));
    }

    public String target() {
        return target;
    }

    /**
     * Writes this line's value into {@code out}.
     *
     * @throws MappingException when the value cannot be read, converted or placed
     */
    public void write(Scope scope, ObjectNode out) {
        JsonNode value = reader.read(scope);
        if (value == null || value.isMissingNode()) {
            return;
        }
        ObjectNode parent = out;
        for (int i = 0; i < targetSteps.length - 1; i++) {
            JsonNode child = parent.get(targetSteps[i]);
            if (child instanceof ObjectNode object) {
                parent = object;
            } else if (child == null) {
                parent = parent.putObject(targetSteps[i]);
            } else {
                throw new MappingException(target, "'" + targetSteps[i] + "' is already set to " + JsonValues.kind(child) + ", cannot nest fields under it");
            }
        }
        parent.set(targetSteps[targetSteps.length - 1], value);
    }
}
