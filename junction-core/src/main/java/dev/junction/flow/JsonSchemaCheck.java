package dev.junction.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * A flow's input or output JSON Schema (draft 2020-12 unless the schema's {@code $schema} says
 * otherwise), compiled once and checked against values. Validation by networknt
 * json-schema-validator. Thread-safe.
 */
public final class JsonSchemaCheck {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** The 2020-12 meta-schema (bundled with the library, read from its jar, not the network): what a schema itself must satisfy. */
    private static final Schema META = REGISTRY.getSchema(com.networknt.schema.SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    private final Schema schema;

    private JsonSchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** @throws IllegalArgumentException when {@code schema} cannot be compiled (the spec loader checks this first) */
    public static JsonSchemaCheck of(JsonNode schema) {
        String error = compileError(schema);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        return new JsonSchemaCheck(REGISTRY.getSchema(schema));
    }

    /** Null when {@code schema} compiles, else why not. */
    public static String compileError(JsonNode schema) {
        try {
            List<Error> meta = META.validate(schema);
            if (!meta.isEmpty()) {
                return String.join("; ", meta.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList());
            }
            Schema compiled = REGISTRY.getSchema(schema);
            compiled.initializeValidators();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** What is wrong with {@code value}, each as {@code where: what} (the JSON path of the value); empty when it is valid. */
    public List<String> problems(JsonNode value) {
        List<Error> errors = schema.validate(value);
        return errors.stream().map(e -> {
            String where = String.valueOf(e.getInstanceLocation());
            return where + ": " + e.getMessage();
        }).toList();
    }
}
