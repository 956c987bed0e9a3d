package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a sync's read of a stream partition got to (for example the highest {@code updatedAt}
 * written). Use partition {@code ""} when a stream has one partition. A partitioned read (one
 * partition per parent record or per date slice) keeps one checkpoint per partition, and marks a
 * partition {@linkplain #complete complete} once it was read to its end. The {@code sync} argument
 * is the job's {@linkplain dev.junction.sync.SyncJob#stateKey() state key}: one state per tenant
 * of a per-tenant sync.
 */
public interface CheckpointRepository {
    Optional<String> find(String sync, String stream, String partition);

    /** Saves the value of one partition; a partition marked complete stays complete. */
    void save(String sync, String stream, String partition, String value, Instant at);

    /** Every partition of the stream other than {@code ""}, ordered by partition name. */
    List<PartitionState> partitions(String sync, String stream);

    /** Marks a partition as read to its end (created without a value when it has none yet). */
    void complete(String sync, String stream, String partition, Instant at);

    /** Forgets a partition (its value and whether it was complete). */
    void delete(String sync, String stream, String partition);

    /** One partition's checkpoint: {@code value} null when it has none; {@code complete} once read to its end. */
    record PartitionState(String partition, String value, boolean complete) {}
}
