package dev.junction.sync;

/**
 * How many records a run expects to read, and where that number comes from, for a progress bar
 * and its ETA. Never exact unless the source says so: a file's count is extrapolated from the share
 * of the file read, the last run's count is what the source held then.
 */
public record ExpectedTotal(long records, Basis basis) {
    public enum Basis {
        /** The source said how many records the read holds (a stream's pagination {@code totalPath}). */
        SOURCE("the source's count"),
        /** A {@code select count(*)} of a SQL source's query (with the same checkpoint), run beside the read. */
        QUERY_COUNT("a count of the query"),
        /** Extrapolated from the share of the source file read so far. */
        FILE_SIZE("estimated from the file size"),
        /** As many as the dead letters a replay selected (some may turn out not to be replayable). */
        DEAD_LETTERS("the dead letters selected"),
        /** As many as the last finished full run of the same sync read. */
        LAST_RUN("the last run's count"),
        /** As many as the last finished incremental run of the same sync read (its first, full read left out). */
        LAST_INCREMENTAL_RUN("the last incremental run's count");

        private final String description;

        Basis(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
