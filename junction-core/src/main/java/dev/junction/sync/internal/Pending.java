package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A mapped record waiting to be written: destination key, payload and its new fingerprint. */
record Pending(String key, ObjectNode record, String fingerprint, boolean known) {}
