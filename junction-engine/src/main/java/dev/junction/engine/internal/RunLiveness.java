package dev.junction.engine.internal;

import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.sync.LeaseKeeper;
import java.time.Instant;
import java.util.Optional;

/**
 * The one judgement of whether a RUNNING run of the queue still has a live process: its sync's run
 * lease. Nothing else (no scheduler heartbeat) says whether a run is alive. A run that no longer holds
 * its sync's lease, holds one that expired unrenewed, or holds one whose holder's process is gone on
 * this machine (see {@link LeaseKeeper#abandoned}), has no process keeping it: the reaper puts it
 * back in the queue.
 */
public final class RunLiveness {
    private final LeaseKeeper leases;

    public RunLiveness(LeaseKeeper leases) {
        this.leases = leases;
    }

    /** Whether {@code run} (RUNNING) has no live process, given its sync's lease ({@code lease}, empty when none) at {@code now}. */
    public boolean dead(RunRecord run, Optional<Lease> lease, Instant now) {
        return lease.filter(held -> held.owner().equals(run.id()))
                .map(own -> leases.abandoned(own, now))
                .orElse(true);
    }
}
