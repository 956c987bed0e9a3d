package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads one value from a record; returns null or a missing node to leave the target out. */
interface ValueReader {
    JsonNode read(Scope scope);
}
