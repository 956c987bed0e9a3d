package dev.junction.store;

import java.time.Instant;

/**
 * One execution of a sync. {@code finishedAt} and {@code error} are null while it runs;
 * {@code tenant} is the tenant a per-tenant sync ran for (null: a classic sync). {@code queued} is
 * what the run queue knows of a run asked for through it (null: a run started directly); while such a
 * run is QUEUED, {@code startedAt} is when it was requested or last started. {@code errorClass} is how
 * the failure that ended a failed run was classified (its category and code), null when the run did
 * not fail or its failure was not a classified API error (a stop asked for, a crash, a store error).
 */
public record RunRecord(
        String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters, String error,
        String tenant, Queued queued, ErrorClass errorClass) {
    /**
     * A run asked for through the run queue.
     *
     * @param requestedAt when it was stored in the queue
     * @param attempt which attempt it is on: 1, plus one for every time a process died while running it
     * @param forceDeletes whether it may delete more than its sync's mirror cap ({@code --force-deletes})
     */
    public record Queued(Instant requestedAt, int attempt, boolean forceDeletes) {}

    /** A run without a classified error. */
    public RunRecord(String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters,
            String error, String tenant, Queued queued) {
        this(id, sync, trigger, status, startedAt, finishedAt, counters, error, tenant, queued, null);
    }

    /** A run started directly (not through the queue). */
    public RunRecord(String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters,
            String error, String tenant) {
        this(id, sync, trigger, status, startedAt, finishedAt, counters, error, tenant, null);
    }

    /** A run of a classic (not per-tenant) sync, started directly. */
    public RunRecord(String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters,
            String error) {
        this(id, sync, trigger, status, startedAt, finishedAt, counters, error, null, null);
    }

    /** The same run with another status, end and error (how a run execution reports how it ended). */
    public RunRecord ended(RunStatus newStatus, Instant newFinishedAt, RunCounters newCounters, String newError) {
        return ended(newStatus, newFinishedAt, newCounters, newError, null);
    }

    /** The same run with another status, end, error and error class. */
    public RunRecord ended(RunStatus newStatus, Instant newFinishedAt, RunCounters newCounters, String newError, ErrorClass newErrorClass) {
        return new RunRecord(id, sync, trigger, newStatus, startedAt, newFinishedAt, newCounters, newError, tenant, queued, newErrorClass);
    }
}
