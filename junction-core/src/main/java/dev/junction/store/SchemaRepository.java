package dev.junction.store;

import java.util.List;
import java.util.Optional;

/** Stored stream schemas, one per connection and stream, and the drift events runs found against them. */
public interface SchemaRepository {
    /** Inserts or replaces the schema of the record's connection and stream. */
    void save(StoredSchema schema);

    Optional<StoredSchema> find(String connection, String stream);

    /** Ordered by connection, then stream; {@code connection} null means all. */
    List<StoredSchema> list(String connection);

    /** Appends drift events (all or none). */
    void addDrift(List<DriftEvent> events);

    /** A run's drift events, in the order they were added. */
    List<DriftEvent> driftOfRun(String runId);

    /** The newest {@code limit} drift events of a connection's stream, newest first. */
    List<DriftEvent> drift(String connection, String stream, int limit);
}
