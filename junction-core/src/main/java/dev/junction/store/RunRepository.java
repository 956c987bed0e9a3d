package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Run history. */
public interface RunRepository {
    /** Records a new run of a classic sync in status RUNNING with zero counters. */
    default void start(String id, String sync, String trigger, Instant startedAt) {
        start(id, sync, null, trigger, startedAt);
    }

    /** Records a new run in status RUNNING with zero counters; {@code tenant} null for a classic sync. */
    void start(String id, String sync, String tenant, String trigger, Instant startedAt);

    void updateCounters(String id, RunCounters counters);

    void finish(String id, RunStatus status, RunCounters counters, String error, Instant finishedAt);

    /**
     * Marks a RUNNING run ABANDONED (its process died) with {@code reason}, keeping the counters it
     * last saved. @return false when there is no such run or it is no longer running
     */
    boolean abandon(String id, String reason, Instant at);

    Optional<RunRecord> find(String id);

    /** Newest first; {@code sync} null means every sync. */
    default List<RunRecord> list(String sync, int limit) {
        return list(sync, null, limit);
    }

    /** Newest first; {@code sync} null means every sync, {@code tenant} null every tenant (and classic syncs). */
    List<RunRecord> list(String sync, String tenant, int limit);

    /**
     * Asks a running run to stop; the engine polls {@link #cancelRequested} between batches.
     * @return false when there is no such run or it has already finished
     */
    boolean requestCancel(String id, Instant at);

    /** Whether {@link #requestCancel} was called for the run. */
    boolean cancelRequested(String id);
}
