package dev.junction.spec;

import java.util.Map;

/**
 * Where a SQL source reads: a JDBC {@code url}, optional {@code user}, {@code password} (always a
 * reference, never the secret itself), {@code schema} (the session's default schema, a value or a
 * reference; null: the database's) and driver {@code properties} (values or references). Declared inline in a sync's
 * {@code source.sql}, or once as a database connection ({@code kind: Connection} with
 * {@code database:}) that SQL sources name.
 */
public record DatabaseSpec(ValueRef url, ValueRef user, ValueRef password, ValueRef schema, Map<String, ValueRef> properties) {
    public DatabaseSpec {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** A database without schema or properties. */
    public DatabaseSpec(ValueRef url, ValueRef user, ValueRef password) {
        this(url, user, password, null, Map.of());
    }
}
