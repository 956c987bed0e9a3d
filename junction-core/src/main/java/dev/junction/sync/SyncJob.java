package dev.junction.sync;

import dev.junction.mapping.Mapper;
import dev.junction.spec.SyncSpec;
import java.util.Objects;

/**
 * Everything one run of a sync needs, already compiled: the source, the mapper, the sink, and the
 * rules. {@code cursorField} is the source field whose highest value becomes the incremental
 * checkpoint (null for full reads); {@code sourceKey} names the source record's primary key, used
 * to name records that fail before they have a destination key.
 */
public record SyncJob(
        String sync,
        String stream,
        RecordSource source,
        Mapper mapper,
        RecordSink sink,
        String destinationKey,
        String sourceKey,
        String cursorField,
        SyncSpec.Batch batch,
        SyncSpec.OnRowError onRowError,
        String trigger,
        RunMetrics metrics) {
    public SyncJob {
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(destinationKey, "destinationKey");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(onRowError, "onRowError");
        Objects.requireNonNull(metrics, "metrics");
        if (batch.size() < 1 || batch.concurrency() < 1) {
            throw new IllegalArgumentException("batch size and concurrency must be at least 1, got " + batch);
        }
    }
}
