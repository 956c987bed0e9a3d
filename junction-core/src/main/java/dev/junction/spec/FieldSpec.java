package dev.junction.spec;

/**
 * A value a connection supplies, declared by the connector under {@code config} or {@code secrets}.
 * {@code type} is one of string, integer, number, boolean. {@code defaultValue} may be null.
 */
public record FieldSpec(String name, String type, boolean required, String defaultValue, String description) {}
