package dev.junction.engine.internal;

import dev.junction.store.LeaseHolder;
import dev.junction.store.LeaseRepository;
import dev.junction.sync.LeaseKeeper;
import java.time.Clock;
import java.time.Duration;

/**
 * The process's one lease keeper: every run the engine executes takes its sync's lease there, and one
 * daemon thread renews them all together. Made on first use, so a command that runs nothing starts no
 * thread. It renews every {@link LeaseKeeper#RENEW_EVERY} at the default time to live, else every
 * third of the configured one.
 */
public final class ProcessLeases implements AutoCloseable {
    private final LeaseRepository leases;
    private final Clock clock;
    private final LeaseHolder self;
    private final Duration ttl;
    private LeaseKeeper keeper; // guarded by this

    /** @param self this process as its leases name it */
    public ProcessLeases(LeaseRepository leases, Clock clock, LeaseHolder self, Duration ttl) {
        this.leases = leases;
        this.clock = clock;
        this.self = self;
        this.ttl = ttl;
    }

    /** The keeper, made (and its renewing thread started) on the first call. */
    public synchronized LeaseKeeper keeper() {
        if (keeper == null) {
            Duration every = ttl.equals(LeaseKeeper.TTL) ? LeaseKeeper.RENEW_EVERY : ttl.dividedBy(3);
            keeper = new LeaseKeeper(leases, clock, self, LeaseKeeper.Schedule.daemonThread(), ttl, every);
        }
        return keeper;
    }

    /** Closes the keeper when one was made. */
    @Override
    public synchronized void close() {
        if (keeper != null) {
            keeper.close();
        }
    }
}
