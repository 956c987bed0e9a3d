package dev.junction.spec;

import java.util.Objects;

/**
 * One thing wrong in a spec: where ({@code file:line:column}, 1-based, at the offending node), the
 * YAML path of that node ({@code streams.contacts.pagination.type}; empty for the document itself)
 * and a message saying what was found and what is allowed.
 *
 * <p>{@code toString()} is the form shown to users:
 * {@code connectors/crm.yaml:14:11 streams.contacts.pagination.type: 'cursr' is not one of cursor, offset, page, link, next-url}.
 */
public record SpecProblem(SourceLocation location, String path, String message) {
    public SpecProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? location + ": " + message : location + " " + path + ": " + message;
    }
}
