package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Run history. */
public interface RunRepository {
    /** Records a new run in status RUNNING with zero counters. */
    void start(String id, String sync, String trigger, Instant startedAt);

    void updateCounters(String id, RunCounters counters);

    void finish(String id, RunStatus status, RunCounters counters, String error, Instant finishedAt);

    Optional<RunRecord> find(String id);

    /** Newest first; {@code sync} null means every sync. */
    List<RunRecord> list(String sync, int limit);

    /**
     * Asks a running run to stop; the engine polls {@link #cancelRequested} between batches.
     * @return false when there is no such run or it has already finished
     */
    boolean requestCancel(String id, Instant at);

    /** Whether {@link #requestCancel} was called for the run. */
    boolean cancelRequested(String id);
}
