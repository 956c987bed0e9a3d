package dev.junction.mapping;

import dev.junction.JunctionException;

/**
 * One record could not be mapped. A row error, never a crashed run: the message names the target
 * field, what was evaluated and the value found.
 */
public class MappingException extends JunctionException {
    private final String field;

    public MappingException(String field, String message) {
        super("field '" + field + "': " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
