package dev.junction.mapping.suggest;

import dev.junction.schema.SchemaTypes;
import java.util.Locale;

/**
 * A proposed mapping line: write {@code source}'s value into {@code destination}. {@code score} is
 * the weighted sum of the name, type and value parts (see {@link Automapper}).
 */
public record Suggestion(FieldProfile destination, FieldProfile source, double score, double name, double type, double value) {
    /** The line to paste under a sync's {@code mapping:}, with the score as a comment. */
    public String yamlLine() {
        return String.format(Locale.ROOT, "%s: %s", yamlKey(destination.path()), source.path());
    }

    /** Why: {@code 0.93 (name 1.00, type 1.00, values 0.50; string/email ← string/email)}. */
    public String explanation() {
        return String.format(Locale.ROOT, "%.2f (name %.2f, type %.2f, values %.2f; %s ← %s)", score, name, type, value,
                SchemaTypes.describe(destination.schema()), SchemaTypes.describe(source.schema()));
    }

    private static String yamlKey(String path) {
        return path.matches("[A-Za-z_][A-Za-z0-9_.-]*") ? path : "\"" + path.replace("\"", "\\\"") + "\"";
    }
}
