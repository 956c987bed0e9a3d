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
     * Records how attempt {@code attempt} of a run ended, only while the run is still RUNNING in that
     * attempt: a process that was judged dead (its run marked abandoned, or queued again and resumed
     * elsewhere) and comes back cannot overwrite what happened since. @return whether it was recorded
     */
    boolean finishAttempt(String id, int attempt, RunStatus status, RunCounters counters, String error, Instant finishedAt);

    /** {@link #finishAttempt}, keeping how the error was classified ({@code errorClass} null: not classified). */
    default boolean finishAttempt(String id, int attempt, RunStatus status, RunCounters counters, String error, ErrorClass errorClass,
            Instant finishedAt) {
        return finishAttempt(id, attempt, status, counters, error, finishedAt);
    }

    /** {@link #requeue}, only while the run is still RUNNING in attempt {@code attempt} (see {@link #finishAttempt}). */
    boolean requeueAttempt(String id, int attempt, RunCounters counters, String note);

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

    // ---- the run queue: QUEUED -> RUNNING -> (QUEUED again, or finished) ----------------------

    /**
     * Stores a run asked for through the run queue, in status QUEUED at attempt 1 with zero counters;
     * its {@code startedAt} is {@code requestedAt} until it is claimed. Nothing secret belongs in a
     * request: it names the sync, the tenant (null: a classic sync), the trigger and whether deletes
     * above the mirror cap are allowed.
     *
     * @throws StoreException when a run with that id exists
     */
    void enqueue(String id, String sync, String tenant, String trigger, boolean forceDeletes, Instant requestedAt);

    /**
     * Claims a QUEUED run for a worker: RUNNING, started at {@code startedAt}, its error cleared.
     * The caller holds the sync's lease. @return false when the run is not QUEUED (claimed by another
     * worker, cancelled, finished, or unknown)
     */
    boolean claim(String id, Instant startedAt);

    /**
     * Puts a RUNNING run back in the queue (QUEUED), to be claimed and resumed with the same id: its
     * process was stopped ({@code died} false) or died ({@code died} true: the attempt grows by one).
     * {@code counters} (null: keep those saved) and {@code note} (why it is queued again) are kept
     * until it is claimed again; so is its {@code startedAt}. A cancel asked of it before is forgotten.
     *
     * @return false when the run is not RUNNING
     */
    boolean requeue(String id, RunCounters counters, String note, boolean died);

    /**
     * Ends a QUEUED run CANCELLED with {@code reason} before any worker claimed it.
     * @return false when it is not QUEUED
     */
    boolean cancelQueued(String id, String reason, Instant at);

    /** The runs in {@code status}, oldest first (by {@code startedAt}, then id), at most {@code limit}. */
    List<RunRecord> withStatus(RunStatus status, int limit);

    // ---- the API's run list: filters and cursor pages --------------------------------------------

    /**
     * One page of the runs {@code query} selects, newest first (by start, then id); the page's
     * {@link ResultPage#nextCursor()} continues strictly below its last run.
     */
    ResultPage<RunRecord> find(RunQuery query);
}
