package dev.junction.store;

/** Where a run is in its life. A run ends in exactly one of the last four. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** Finished, but some records became dead letters. */
    PARTIAL,
    FAILED,
    /** Stopped on request ({@code junction runs cancel}) between batches; what was written stays written. */
    CANCELLED;

    public boolean finished() {
        return this != RUNNING;
    }
}
