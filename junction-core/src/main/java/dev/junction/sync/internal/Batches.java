package dev.junction.sync.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the records to write into batches: a batch closes at {@code maxRecords} records or when the
 * next record would take its JSON array (records as compact UTF-8 JSON, a comma between two, the
 * brackets) past {@code maxBytes}, whichever comes first. A single record larger than
 * {@code maxBytes} fits no batch: the run dead-letters it before it gets here ({@link #tooLarge}).
 */
final class Batches {
    /** The byte limit of a sync's calls and where it comes from (for the reason of a record that fits none). */
    record ByteLimit(long bytes, String name) {
        /** The smaller of the sync's {@code batch.maxBytes} and the action's (0: none), or no limit (0). */
        static ByteLimit of(long sync, long action) {
            if (action > 0 && (sync == 0 || action < sync)) {
                return new ByteLimit(action, "the action's batch.maxBytes");
            }
            return new ByteLimit(sync, "batch.maxBytes");
        }
    }

    private final int maxRecords;
    private final long maxBytes;
    private List<Pending> current;
    private long currentBytes;

    /** @param maxBytes 0 for no limit on bytes */
    Batches(int maxRecords, long maxBytes) {
        this.maxRecords = Math.max(1, maxRecords);
        this.maxBytes = maxBytes;
        this.current = new ArrayList<>();
        this.currentBytes = 2;
    }

    /** Whether a record of {@code bytes} can never be sent: alone, its array is larger than {@code maxBytes}. */
    boolean tooLarge(long bytes) {
        return maxBytes > 0 && bytes + 2 > maxBytes;
    }

    /** Whether no record is waiting. */
    boolean isEmpty() {
        return current.isEmpty();
    }

    /**
     * Adds a record (that is not {@link #tooLarge}); returns the batch it closed, to send now, or null.
     * A batch closed by bytes is the one before this record; one closed by count includes it.
     */
    List<Pending> add(Pending record) {
        List<Pending> closed = null;
        if (maxBytes > 0 && !current.isEmpty() && currentBytes + 1 + record.bytes() > maxBytes) {
            closed = take();
        }
        currentBytes += record.bytes() + (current.isEmpty() ? 0 : 1);
        current.add(record);
        if (closed == null && current.size() >= maxRecords) {
            closed = take();
        }
        return closed;
    }

    /** The records waiting, as a last batch (empty when none); starts over. */
    List<Pending> take() {
        List<Pending> batch = current;
        current = new ArrayList<>();
        currentBytes = 2;
        return batch;
    }
}
