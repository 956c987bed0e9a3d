package dev.junction.sync.internal;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import java.time.Instant;

/**
 * Runs left RUNNING by a process that died (kill -9, power loss): nothing else ever finishes them.
 * Once a run holds its sync's lease no other run of that sync is alive, so any other run of the
 * sync still RUNNING is marked FAILED with {@link #REASON}, keeping the counters it last saved.
 * A run of the run queue is left alone: the queue's reaper puts it back in the queue, to be resumed
 * with the same id.
 */
final class StaleRuns {
    static final String REASON = "the process running it ended unexpectedly (killed or crashed); the next run resumed from the last checkpoint";
    /** How far back in a sync's history to look; stale runs are among the most recent ones. */
    private static final int LOOK_BACK = 100;

    private StaleRuns() {}

    /** Marks the sync's other RUNNING runs (of {@code tenant}, when not null) FAILED. Call only while holding the sync's lease. @return how many */
    static int fail(Store store, String sync, String tenant, String currentRun, Instant now) {
        int failed = 0;
        for (RunRecord run : store.runs().list(sync, tenant, LOOK_BACK)) {
            if (run.status() == RunStatus.RUNNING && !run.id().equals(currentRun) && run.queued() == null) {
                store.runs().finish(run.id(), RunStatus.FAILED, run.counters(), REASON, now);
                failed++;
            }
        }
        return failed;
    }
}
