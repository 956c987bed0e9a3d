package dev.junction.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a sync reads records from: a connector stream today, a SQL query or a file later. Pages
 * are pulled one at a time, so memory stays bounded whatever the stream's size.
 */
public interface RecordSource {
    /**
     * Starts a read for a run. {@code checkpoint} is the stored incremental position, or null for a
     * full read.
     */
    Reader open(String checkpoint, String runId);

    /**
     * How to read this source as several partitions, each with its own checkpoint (a sub-stream, a
     * sliced stream); null (the default) when it is read as one, through {@link #open}.
     */
    default Partitions partitions() {
        return null;
    }

    interface Reader {
        /** The next page of raw records, or null when the stream is exhausted. */
        List<JsonNode> nextPage();

        /**
         * Called when every record of the pages returned so far is written, unchanged, skipped or a
         * dead letter (where an incremental checkpoint would move). Not called in a dry run.
         */
        default void accounted() {}

        /**
         * Whether the run may read the next pages on another thread while it writes this one: true
         * promises that {@link #accounted()} has nothing to do, so it need not be called in step with
         * the pages returned. Default false (pages are read one after another).
         */
        default boolean prefetchable() {
            return false;
        }

        /**
         * How many records this read is expected to return in all, as far as the source can tell now
         * (for progress and its ETA); null when it cannot. May be called from another thread than
         * {@link #nextPage()}.
         */
        default ExpectedTotal expected() {
            return null;
        }
    }
}
