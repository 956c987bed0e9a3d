package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mapped record waiting to be written: destination key, payload, its new fingerprint, whether this
 * sync wrote the key before, the source record, and the size of the payload as compact UTF-8 JSON.
 */
record Pending(String key, ObjectNode record, String fingerprint, boolean known, JsonNode source, int bytes) {
    Pending(String key, ObjectNode record, String fingerprint, boolean known, JsonNode source) {
        this(key, record, fingerprint, known, source, 0);
    }
}
