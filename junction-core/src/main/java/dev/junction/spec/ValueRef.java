package dev.junction.spec;

/** A configured value: written inline, or a reference resolved when the connection is used. */
public sealed interface ValueRef {
    /**
     * A setting as the operator wrote it: {@code ${env:NAME}} or {@code ${file:PATH}} as a reference,
     * anything else as the value itself (for server settings such as the store's password).
     */
    static ValueRef parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(env|file):(.+)}").matcher(text);
        if (!m.matches()) {
            return new Literal(text);
        }
        return m.group(1).equals("env") ? new Env(m.group(2).strip()) : new File(m.group(2).strip());
    }

    record Literal(String value) implements ValueRef {}

    /** {@code ${env:NAME}}. */
    record Env(String variable) implements ValueRef {}

    /** {@code ${file:PATH}}: the file's content, trailing newline removed. */
    record File(String path) implements ValueRef {}

    /**
     * {@code ${stored:FIELD}}: a value given through the API (or the connect page), kept in the store
     * encrypted with the tenant's data key and read only when the connection is used. Only definitions
     * Junction generates for such connections may hold it ({@link SourceText#managed()}); the tenant and
     * connection are those of the definition it is written in.
     */
    record Stored(String tenant, String connection, String field) implements ValueRef {
        @Override
        public String toString() {
            return "${stored:" + field + "}";
        }
    }
}
