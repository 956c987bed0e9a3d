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

    /**
     * Whether every read (of the source, or of each of its partitions) returns its records in
     * ascending order of the sync's cursor field: a SQL query ordered by its cursor column, a stream
     * declared {@code incremental: { sorted: true }}. Then an incremental run may move the checkpoint
     * after each page written (up to a value that no unread record can have); otherwise only once
     * the read reached its end, since a record not read yet may have a lower cursor value than
     * those written. Default false: the safe answer for a source that does not know.
     */
    default boolean sortedByCursor() {
        return false;
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
         * Called when the records of the first {@code pages} pages this reader returned are all
         * accounted for (growing, in the order returned; not in a dry run). A prefetchable reader is
         * told this instead of {@link #accounted()}, since its later pages may already be read.
         */
        default void accountedPages(long pages) {}

        /**
         * Whether the run may read the next pages on another thread while it writes this one, and
         * start the next page's writes while the last ones of this page are in flight: true promises
         * that what the reader does once pages are accounted for is done in
         * {@link #accountedPages(long)}, so {@link #accounted()} is not called. Default false (pages
         * are read one after another, each written before the next is read).
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
