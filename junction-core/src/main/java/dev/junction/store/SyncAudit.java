package dev.junction.store;

import java.time.Instant;

/**
 * One reconciliation audit of a sync (for a tenant, or null for a classic sync): its status
 * ({@code running}, {@code clean}, {@code differences}, {@code failed}), the counts of what it found
 * (zero while running), the whole report as JSON text (null until it finished; it holds bounded
 * samples, their values redacted where secret-looking) and, when it failed, why.
 */
public record SyncAudit(
        String id,
        String sync,
        String tenant,
        String trigger,
        String status,
        Instant startedAt,
        Instant finishedAt,
        long sourceRecords,
        long destinationRecords,
        long missing,
        long extra,
        long mismatched,
        String report,
        String error) {
    public static final String RUNNING = "running";
    public static final String CLEAN = "clean";
    public static final String DIFFERENCES = "differences";
    public static final String FAILED = "failed";

    /** Whether the audit has ended (clean, with differences, or failed). */
    public boolean finished() {
        return !RUNNING.equals(status);
    }
}
