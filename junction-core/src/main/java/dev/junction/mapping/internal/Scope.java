package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The record (or array element, inside {@code each}) that values are read from, with its plain-Java
 * view for JSONata made at most once, on first use (see {@link JsonViews}: nothing is copied).
 */
public final class Scope {
    private final JsonNode node;
    private Object java;
    private boolean converted;

    public Scope(JsonNode node) {
        this.node = node;
    }

    public JsonNode node() {
        return node;
    }

    Object java() {
        if (!converted) {
            java = JsonViews.of(node);
            converted = true;
        }
        return java;
    }
}
