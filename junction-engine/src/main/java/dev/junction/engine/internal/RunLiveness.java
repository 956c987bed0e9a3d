package dev.junction.engine.internal;

import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * The one judgement of whether a RUNNING run of the queue still has a live process: its sync's run
 * lease. Nothing else (no scheduler heartbeat) says whether a run is alive. A run that no longer holds
 * its sync's lease, or holds one that expired unrenewed, has no process keeping it: the reaper puts
 * it back in the queue.
 *
 * <p>Today a lease is alive until it expires (its holder renews it every third of its time to live).
 * When leases name their holder process, this is where a holder on this host whose process is gone
 * makes the lease dead at once.
 */
public final class RunLiveness {
    /** Whether {@code run} (RUNNING) has no live process, given its sync's lease ({@code lease}, empty when none) at {@code now}. */
    public boolean dead(RunRecord run, Optional<Lease> lease, Instant now) {
        return lease.filter(held -> held.owner().equals(run.id()))
                .map(own -> !own.expiresAt().isAfter(now))
                .orElse(true);
    }
}
