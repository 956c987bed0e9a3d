package dev.junction.store;

/** Where a run is in its life. A run ends in exactly one of the last three. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** Finished, but some records became dead letters. */
    PARTIAL,
    FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
