package dev.junction.store;

/**
 * Where a run is in its life. A run asked for through the run queue starts QUEUED; every run ends in
 * exactly one of the five after RUNNING. Stored by name ({@code QUEUED}, ..., {@code ABANDONED}).
 */
public enum RunStatus {
    /**
     * Stored and waiting in the run queue for a worker (and for its sync's lease); also a run whose
     * process was stopped (shutdown) or died while running it, to be resumed with the same id.
     */
    QUEUED,
    RUNNING,
    SUCCEEDED,
    /** Finished, but some records became dead letters. */
    PARTIAL,
    FAILED,
    /** Stopped on request ({@code junction runs cancel}) between batches; what was written stays written. */
    CANCELLED,
    /**
     * Its process died (kill -9, a crash, the machine went away) before it could record its end;
     * found by the next run of its sync or by {@code junction runs cancel}. Its counters are the last it
     * saved; the next run resumes from its last checkpoint.
     */
    ABANDONED;

    public boolean finished() {
        return this != RUNNING && this != QUEUED;
    }
}
