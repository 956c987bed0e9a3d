package dev.junction.store;

import java.time.Instant;

/**
 * What the store keeps of one sync's schedule ({@code tenant} null: a classic sync, or a per-tenant
 * sync as a whole): whether it is paused, and its last fire. The schedule itself (cron, every) is the
 * sync's definition; when it fires next is its scheduler execution.
 *
 * @param lastOutcome {@code queued}, {@code skipped}, {@code missed} or {@code failed}; null before the first fire
 */
public record ScheduleState(String sync, String tenant, boolean paused, Instant pausedAt, Instant lastFireAt, Instant lastDueAt, String lastOutcome,
        String lastRunId, String lastReason) {
    /** A schedule never paused and never fired. */
    public static ScheduleState fresh(String sync, String tenant) {
        return new ScheduleState(sync, tenant, false, null, null, null, null, null, null);
    }
}
