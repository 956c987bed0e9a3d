package dev.junction.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a sync's read of a stream partition got to (for example the highest {@code updatedAt}
 * written). Use partition {@code ""} when a stream has one partition.
 */
public interface CheckpointRepository {
    Optional<String> find(String sync, String stream, String partition);

    void save(String sync, String stream, String partition, String value, Instant at);
}
