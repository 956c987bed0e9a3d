package dev.junction.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * How a partitioned source is read: as several partitions (one per parent record of a sub-stream,
 * one per date slice), up to {@link #parallel()} at once, each with its own checkpoint in the store.
 * Records of every partition flow into the same write pipeline.
 */
public interface Partitions {
    /**
     * The partitions of one run, in order; produced lazily (a sub-stream reads its parent's pages as
     * the run asks for more partitions). {@code streamCheckpoint} is the stream's own checkpoint
     * (partition {@code ""}) in an incremental run, else null: date slices start from it.
     *
     * @throws RuntimeException from {@code hasNext}/{@code next} when listing fails (the parent
     *     stream cannot be read); the run fails after the partitions already started finish
     */
    Iterator<Partition> list(String streamCheckpoint, String runId);

    /**
     * The partitions that cover {@code [from, to)} for a backfill, each cut to the range (date slices:
     * aligned to the stream's {@code start} like a run's, the first and last cut at the range's ends,
     * and within the stream's own {@code start}/{@code end}); null (the default) when this source is
     * not cut by date (a sub-stream): a backfill then lists its partitions as a run does.
     */
    default java.util.List<Partition> within(java.time.Instant from, java.time.Instant to) {
        return null;
    }

    /** How many partitions are read at once (at least 1). */
    int parallel();

    /**
     * Starts reading one partition. {@code checkpoint} is the partition's own stored position (null
     * when it has none, or in a full run).
     */
    RecordSource.Reader open(Partition partition, String checkpoint, String runId);

    /**
     * Called once a run has listed every partition and read each one it opened to its end; not when
     * the run stopped before (failed, cancelled, aborted). Does nothing by default.
     */
    default void readToTheEnd(String runId) {}

    /**
     * One partition. {@code key} names it in the store ({@code parent:c-1},
     * {@code slice:2024-01-01T00:00:00Z..2024-01-02T00:00:00Z}); {@code watermark}, for a date slice,
     * is its end: once this slice and every slice before it are complete, it becomes the stream's
     * checkpoint (null for a parent's partition). {@code variables} are the request's template
     * variables; {@code parentKey} is the parent record's key (null for a slice). {@code values}
     * are the same values typed, as the JSONata variables of a JSON request body: an object
     * {@code {"parent": RECORD}} or {@code {"slice": {"start": ..., "end": ...}}} (null: none).
     */
    record Partition(String key, String watermark, Map<String, String> variables, JsonNode parentKey, JsonNode values) {
        public Partition {
            variables = Map.copyOf(variables);
        }

        /** A partition without typed values for a request body. */
        public Partition(String key, String watermark, Map<String, String> variables, JsonNode parentKey) {
            this(key, watermark, variables, parentKey, null);
        }
    }
}
