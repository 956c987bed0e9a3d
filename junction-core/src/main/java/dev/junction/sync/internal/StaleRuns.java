package dev.junction.sync.internal;

import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.LeaseKeeper;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs left RUNNING by a process that died (kill -9, a crash, power loss): nothing else ever
 * finishes them. Once a run holds its sync's lease no other run of that sync keeps it, so any other
 * run of the sync still RUNNING lost its process; it is marked ABANDONED, keeping the counters it
 * last saved, with a reason naming the process when the lease it held says which. A run of the run
 * queue is left alone: the queue's reaper puts it back in the queue, to be resumed with the same id.
 */
public final class StaleRuns {
    /** How far back in a sync's history to look; stale runs are among the most recent ones. */
    private static final int LOOK_BACK = 100;

    private StaleRuns() {}

    /**
     * Marks the sync's other RUNNING runs (of {@code tenant}, when not null) ABANDONED. Call only while
     * holding the sync's lease; {@code replaced} is the lease that one took the place of. @return how many
     */
    static int abandon(Store store, LeaseKeeper keeper, String sync, String tenant, String currentRun, Optional<Lease> replaced, Instant now) {
        int abandoned = 0;
        for (RunRecord run : store.runs().list(sync, tenant, LOOK_BACK)) {
            if (run.status() == RunStatus.RUNNING && !run.id().equals(currentRun) && run.queued() == null) {
                Lease held = replaced.filter(l -> l.owner().equals(run.id())).orElse(null);
                String reason = reason(held, held != null && keeper.holderGone(held), "run " + currentRun + " resumed from the last checkpoint");
                if (store.runs().abandon(run.id(), reason, now)) {
                    abandoned++;
                }
            }
        }
        return abandoned;
    }

    /**
     * Why a run was abandoned: {@code lease} is the one it held (null when unknown), {@code dead} whether its process was
     * found gone (rather than its lease expired), {@code next} what happens now.
     */
    public static String reason(Lease lease, boolean dead, String next) {
        String process = lease == null || lease.holder() == null ? "the process running it" : "its process (" + lease.holder().describe() + ")";
        String what = dead || lease == null ? " ended without finishing it (killed or crashed)"
                : " stopped renewing its lease at " + lease.expiresAt() + " (killed, crashed or cut off from the store)";
        return "abandoned: " + process + what + "; " + next;
    }
}
