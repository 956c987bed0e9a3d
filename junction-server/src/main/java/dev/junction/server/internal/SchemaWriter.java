package dev.junction.server.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.Schema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
  * Writes {@link Schema}s as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Records become named
 * component schemas referenced by {@code $ref}, written once each.
 */
final class SchemaWriter {
    private final ObjectMapper json;
    private final Map<String, JsonNode> components = new TreeMap<>();
    private final Map<String, Class<?>> componentTypes = new HashMap<>();

    SchemaWriter(ObjectMapper json) {
        this.json = json;
    }

    /** Every component schema written so far, by name. */
    Map<String, JsonNode> components() {
        return components;
    }

    ObjectNode write(Schema schema) {
        return switch (schema) {
            case Schema.OfType t -> forType(t.type());
            case Schema.ArrayOf a -> {
                ObjectNode node = json.createObjectNode().put("type", "array");
                node.set("items", write(a.items()));
                yield node;
            }
            case Schema.Literal l -> l.schema().deepCopy();
        };
    }

    ObjectNode forType(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode node = json.createObjectNode().put("type", "array");
                node.set("items", forType(args[0]));
                return node;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (args[0] != String.class) {
                    throw new IllegalArgumentException("cannot write a JSON Schema for " + type.getTypeName() + ": JSON object keys are strings");
                }
                ObjectNode node = json.createObjectNode().put("type", "object");
                node.set("additionalProperties", forType(args[1]));
                return node;
            }
            if (raw == Optional.class) {
                return forType(args[0]);
            }
            return forType(raw);
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException("cannot write a JSON Schema for " + type.getTypeName() + "; give one with Schema.json(...)");
        }
        return forClass(c);
    }

    private ObjectNode forClass(Class<?> c) {
        ObjectNode node = json.createObjectNode();
        if (c == String.class || c == CharSequence.class || c == char.class || c == Character.class) {
            return node.put("type", "string");
        }
        if (c == URI.class) {
            return node.put("type", "string").put("format", "uri");
        }
        if (c == UUID.class) {
            return node.put("type", "string").put("format", "uuid");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) {
            return node.put("type", "string").put("format", "date-time");
        }
        if (c == LocalDate.class) {
            return node.put("type", "string").put("format", "date");
        }
        if (c == Duration.class) {
            return node.put("type", "string").put("format", "duration");
        }
        if (c == boolean.class || c == Boolean.class) {
            return node.put("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class || c == Byte.class) {
            return node.put("type", "integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return node.put("type", "integer").put("format", "int64");
        }
        if (c == BigInteger.class) {
            return node.put("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class || c == Number.class) {
            return node.put("type", "number");
        }
        if (c.isEnum()) {
            ArrayNode values = node.put("type", "string").putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return node;
        }
        if (c == ObjectNode.class) {
            return node.put("type", "object");
        }
        if (c == ArrayNode.class) {
            return node.put("type", "array");
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
            return node; // any JSON value
        }
        if (c.isArray()) {
            node.put("type", "array").set("items", forClass(c.getComponentType()));
            return node;
        }
        if (c.isRecord()) {
            return node.put("$ref", "#/components/schemas/" + component(c));
        }
        if (Map.class.isAssignableFrom(c)) {
            return node.put("type", "object");
        }
        if (Collection.class.isAssignableFrom(c)) {
            return node.put("type", "array");
        }
        throw new IllegalArgumentException("cannot derive a JSON Schema from " + c.getName() + "; use a record, or give one with Schema.json(...)");
    }

    /** Writes a record's component schema once and answers its name. */
    private String component(Class<?> record) {
        String name = record.getSimpleName();
        Class<?> known = componentTypes.putIfAbsent(name, record);
        if (known != null) {
            if (known != record) {
                throw new IllegalArgumentException("two schemas are named " + name + ": " + known.getName() + " and " + record.getName() + "; rename one");
            }
            return name;
        }
        components.put(name, json.createObjectNode()); // a placeholder first: records may refer to themselves
        ObjectNode schema = json.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = json.createArrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            String field = property != null && !property.value().isEmpty() ? property.value() : component.getName();
            properties.set(field, forType(component.getGenericType()));
            if (component.getType().isPrimitive() || (property != null && property.required())) {
                required.add(field);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        components.put(name, schema);
        return name;
    }
}
