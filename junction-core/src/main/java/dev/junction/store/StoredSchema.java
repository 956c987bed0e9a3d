package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The JSON Schema (draft 2020-12, as JSON text) Junction keeps for one stream of one connection:
 * inferred from sampled records, merged with the fields a connector's discovery request declares,
 * and widened by each run's drift check. {@code sampled} counts the records it was inferred from.
 */
public record StoredSchema(String connection, String stream, String schema, long sampled, Instant updatedAt) {
    public StoredSchema {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
