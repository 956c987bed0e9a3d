package dev.junction.server;

import java.util.Objects;

/** A path, query or header parameter of an operation, for the OpenAPI document. */
public record Param(In in, String name, String description, Schema schema, boolean required) {
    public enum In { PATH, QUERY, HEADER }

    public Param {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schema, "schema");
        if (in == In.PATH && !required) {
            throw new IllegalArgumentException("path parameter '" + name + "' is always required");
        }
    }

    /** A path parameter, a string. Path parameters a route does not declare are documented as plain strings. */
    public static Param path(String name, String description) {
        return new Param(In.PATH, name, description, Schema.of(String.class), true);
    }

    public static Param query(String name, String description, Class<?> type) {
        return new Param(In.QUERY, name, description, Schema.of(type), false);
    }

    public static Param header(String name, String description) {
        return new Param(In.HEADER, name, description, Schema.of(String.class), false);
    }

    public Param asRequired() {
        return new Param(in, name, description, schema, true);
    }
}
