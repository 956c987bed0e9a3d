package dev.junction.store;

import java.time.Instant;

/** One execution of a sync. {@code finishedAt} and {@code error} are null while it runs. */
public record RunRecord(
        String id, String sync, String trigger, RunStatus status, Instant startedAt, Instant finishedAt, RunCounters counters, String error) {}
