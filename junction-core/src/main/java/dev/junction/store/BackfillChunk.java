package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One chunk of a backfill: the queued run {@code runId} that reads sync {@code sync} (for
 * {@code tenant}, null: a classic sync) over {@code [from, to)}. {@code backfill} names the backfill
 * the chunk is part of, {@code chunk} its place (from 1) of {@code chunks}; kept so that whichever
 * process claims the run, now or after a restart, reads the same range.
 */
public record BackfillChunk(String runId, String backfill, String sync, String tenant, Instant from, Instant to, int chunk, int chunks,
        Instant requestedAt) {
    public BackfillChunk {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(backfill, "backfill");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
