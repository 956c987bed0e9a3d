package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One change in the shape of a stream's records, seen by a run against the stored schema of its
 * connection and stream. {@code field} is a dotted path ({@code address.city}, {@code tags[]} for
 * array items); {@code change} is {@code added}, {@code removed} or {@code type}; {@code before}
 * and {@code after} describe the field's types ({@code string/email}, {@code integer|null}; null
 * where the field did not exist).
 */
public record DriftEvent(String runId, String connection, String stream, String field, String change, String before, String after, Instant at) {
    public DriftEvent {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(at, "at");
    }
}
