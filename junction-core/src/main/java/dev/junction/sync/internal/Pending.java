package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A mapped record waiting to be written: destination key, payload, its new fingerprint, and the source record. */
record Pending(String key, ObjectNode record, String fingerprint, boolean known, JsonNode source) {}
