package dev.junction.store;

import java.time.Instant;

/**
 * One execution of a sync. {@code finishedAt} and {@code error} are null while it runs;
 * {@code tenant} is the tenant a per-tenant sync ran for (null: a classic sync).
 */
public record RunRecord(
        String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters, String error,
        String tenant) {
    /** A run of a classic (not per-tenant) sync. */
    public RunRecord(String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters,
            String error) {
        this(id, sync, trigger, status, startedAt, finishedAt, counters, error, null);
    }
}
