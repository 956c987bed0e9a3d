package dev.junction.sandbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON reading and writing for the sandbox servers; thread-safe once built. */
public final class Json {

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** Serializes maps, lists, strings, numbers, booleans and nulls. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass(), e);
        }
    }

    /** Parses a request body; malformed or empty JSON becomes a 400 {@code invalid_json}. */
    public JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("invalid_json", "request body must be a JSON document");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Converts a JSON node to plain Java values, deeply unmodifiable (maps keep key order and null values). */
    public Object toValue(JsonNode node) {
        return freeze(mapper.convertValue(node, Object.class));
    }

    /** Converts a JSON object node to an unmodifiable map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap(JsonNode node) {
        return (Map<String, Object>) toValue(node);
    }

    /** A deep, unmodifiable copy of plain JSON-like Java values. */
    public static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** An insertion-ordered map from alternating keys and values; values may be null. */
    public static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
