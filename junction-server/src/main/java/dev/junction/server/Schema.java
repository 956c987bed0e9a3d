package dev.junction.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The JSON Schema of a body or parameter in the OpenAPI document. {@link #of} derives it from a Java
 * type: records become named component schemas (one property per component, unknown properties
 * refused; primitive components and those marked {@code @JsonProperty(required = true)} required), and strings, numbers,
 * booleans, enums, lists, string-keyed maps, {@code Instant}, {@code URI} and {@code JsonNode} map to
 * their JSON Schema types. {@link #json} takes a schema written by hand.
 */
public sealed interface Schema {
    static Schema of(Class<?> type) {
        return new OfType(type);
    }

    static Schema arrayOf(Class<?> itemType) {
        return new ArrayOf(of(itemType));
    }

    static Schema arrayOf(Schema items) {
        return new ArrayOf(items);
    }

    /** A JSON Schema (2020-12, as OpenAPI 3.1 uses) given as a tree; it may {@code $ref} component schemas. */
    static Schema json(ObjectNode schema) {
        return new Literal(schema.deepCopy());
    }

    record OfType(Class<?> type) implements Schema {
        public OfType {
            Objects.requireNonNull(type, "type");
        }
    }

    record ArrayOf(Schema items) implements Schema {
        public ArrayOf {
            Objects.requireNonNull(items, "items");
        }
    }

    record Literal(ObjectNode schema) implements Schema {}
}
