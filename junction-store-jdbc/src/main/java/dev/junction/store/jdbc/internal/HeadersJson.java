package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Header maps as JSON text ({@code {"Accept":["application/json"]}}), keeping the order of names and
 * values. An empty or null map is stored as SQL NULL and read back as an empty map.
 */
public final class HeadersJson {
    private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS = new TypeReference<>() {};

    private final ObjectMapper mapper;

    public HeadersJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Map<String, List<String>> headers, String what) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write " + what + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public Map<String, List<String>> read(String json, String what) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return java.util.Collections.unmodifiableMap(mapper.readValue(json, HEADERS));
        } catch (JsonProcessingException e) {
            throw new StoreException("could not read " + what + ": the stored JSON is invalid: " + e.getOriginalMessage(), e);
        }
    }
}
