package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.mapping.LookupTables;

/**
 * The record (or array element, inside {@code each}) that values are read from, with its plain-Java
 * view for JSONata made at most once, on first use (see {@link JsonViews}: nothing is copied).
 */
public final class Scope {
    private final JsonNode node;
    private final LookupTables lookups;
    private Object java;
    private boolean converted;

    public Scope(JsonNode node) {
        this(node, LookupTables.none());
    }

    /** @param lookups the destination-stream tables that {@code lookup} fields resolve through */
    public Scope(JsonNode node, LookupTables lookups) {
        this.node = node;
        this.lookups = lookups;
    }

    public JsonNode node() {
        return node;
    }

    LookupTables lookups() {
        return lookups;
    }

    /** An array element's scope, with the same lookup tables. */
    Scope child(JsonNode element) {
        return new Scope(element, lookups);
    }

    Object java() {
        if (!converted) {
            java = JsonViews.of(node);
            converted = true;
        }
        return java;
    }
}
