package dev.junction.spec;

/** A configured value: written inline, or a reference resolved when the connection is used. */
public sealed interface ValueRef {
    record Literal(String value) implements ValueRef {}

    /** {@code ${env:NAME}}. */
    record Env(String variable) implements ValueRef {}

    /** {@code ${file:PATH}}: the file's content, trailing newline removed. */
    record File(String path) implements ValueRef {}
}
