package dev.junction.store;

import java.time.Instant;
import java.util.List;

/** Deprecation signals, unique by connection, method, path and kind. */
public interface EndpointSignalRepository {
    /** Records a sighting: inserts it, or replaces the value and last-seen time (first-seen stays). */
    void record(String connection, String method, String path, String kind, String value, Instant at);

    /** Ordered by connection, path, method, kind; {@code connection} null means all. */
    List<EndpointSignal> list(String connection);
}
