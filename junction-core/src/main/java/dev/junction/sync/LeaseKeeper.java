package dev.junction.sync;

import dev.junction.store.Lease;
import dev.junction.store.LeaseHolder;
import dev.junction.store.LeaseRepository;
import dev.junction.sync.internal.HolderLiveness;
import dev.junction.sync.internal.ThisProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The run leases of one process: takes them, renews all of them together, and tells a run when it
 * lost its own. Make one per process (per engine) and give it to every {@link SyncEngine} and
 * {@link RunCancel} of that process; the lease rows name it as their holder ({@link #holder()}).
 *
 * <p>Every {@link #RENEW_EVERY} one statement extends all the leases this keeper holds to
 * {@link #TTL} from now. A lease is free when it has expired, or at once when its holder runs on
 * this machine and its process is gone (a {@code kill -9}: the pid no longer exists, or now belongs
 * to a process that started at another time). Taking over a dead holder's lease is conditional on
 * the row still naming that holder, so two runs cannot both take it.
 *
 * <pre>{@code
 * try (LeaseKeeper leases = new LeaseKeeper(store.leases(), clock)) {
 *     SyncEngine engine = new SyncEngine(store, json, clock, leases);
 *     ...
 * }
 * }</pre>
 *
 * <p>Node clocks must agree within a second or so: a lease's expiry is written with the holder's
 * clock and compared with the taker's.
 */
public final class LeaseKeeper implements AutoCloseable {
    /** How long a lease lasts without renewal. */
    public static final Duration TTL = Duration.ofSeconds(6);
    /** How often the keeper renews its leases. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(2);

    /** When the keeper renews: calls {@code renew} every {@code period} until the returned handle is closed. */
    @FunctionalInterface
    public interface Schedule {
        AutoCloseable every(Duration period, Runnable renew);

        /** On a daemon thread of its own ({@code junction-lease-keeper}), with a fixed delay. */
        static Schedule daemonThread() {
            return (period, renew) -> {
                ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("junction-lease-keeper").factory());
                thread.scheduleWithFixedDelay(renew, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
                return thread::shutdownNow;
            };
        }

        /** Never by itself: whoever holds the keeper calls {@link LeaseKeeper#renewNow()} (tests). */
        static Schedule manual() {
            return (period, renew) -> () -> { };
        }
    }

    /** A lease this keeper holds for a run; closing it gives the lease up. */
    public interface Held extends AutoCloseable {
        /** The lease as taken. */
        Lease lease();

        /** The lease it replaced: expired, or of a holder whose process is gone; empty when the sync was free. */
        Optional<Lease> replaced();

        /** Stops renewing and gives the lease up (if it is still this run's). */
        @Override
        void close();
    }

    private final LeaseRepository leases;
    private final Clock clock;
    private final LeaseHolder self;
    private final HolderLiveness liveness;
    private final Schedule schedule;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Map<String, HeldLease> held = new ConcurrentHashMap<>();
    private AutoCloseable renewing;
    private boolean closed;

    /** This process as the holder, renewing every {@link #RENEW_EVERY} on a thread of its own, leases lasting {@link #TTL}. */
    public LeaseKeeper(LeaseRepository leases, Clock clock) {
        this(leases, clock, ThisProcess.holder(), Schedule.daemonThread(), TTL, RENEW_EVERY);
    }

    /**
     * @param self the holder its leases name; its {@code node} must be unique to this keeper
     * @param ttl how long a lease lasts without renewal
     * @param renewEvery how often to renew; less than {@code ttl}, so that a renewal that fails once is tried again in time
     */
    public LeaseKeeper(LeaseRepository leases, Clock clock, LeaseHolder self, Schedule schedule, Duration ttl, Duration renewEvery) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.self = Objects.requireNonNull(self, "self");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (ttl == null || !ttl.isPositive()) {
            throw new IllegalArgumentException("ttl: expected a positive duration, was " + ttl);
        }
        if (renewEvery == null || !renewEvery.isPositive() || renewEvery.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("renewEvery: expected a positive duration shorter than ttl (" + ttl + "), was " + renewEvery);
        }
        this.liveness = new HolderLiveness(self);
        this.ttl = ttl;
        this.renewEvery = renewEvery;
    }

    /** The process this keeper's leases name. */
    public LeaseHolder holder() {
        return self;
    }

    /** The repository its leases are in (a {@link SyncEngine} checks it is its store's). */
    public LeaseRepository repository() {
        return leases;
    }

    /**
     * Takes {@code sync}'s lease for run {@code runId} and keeps it renewed until the returned
     * lease is closed. {@code onLost} hears, on the keeper's thread, why the run lost it (it expired
     * unrenewed and another run took it, or renewing failed for longer than it lasts).
     *
     * @throws SyncAlreadyRunningException naming the live run that holds it
     */
    public Held acquire(String sync, String runId, Consumer<String> onLost) {
        Objects.requireNonNull(onLost, "onLost");
        while (true) {
            // only to name the run whose expired lease this one takes over
            Optional<Lease> before = leases.find(sync).filter(l -> !l.owner().equals(runId));
            Instant now = clock.instant();
            Optional<Lease> holder = leases.acquire(sync, runId, self, now, now.plus(ttl));
            if (holder.isEmpty()) {
                return hold(sync, runId, onLost, now, before.filter(l -> l.expiredAt(now)));
            }
            Lease current = holder.get();
            if (!liveness.gone(current.holder())) {
                throw new SyncAlreadyRunningException(current);
            }
            if (leases.takeOver(current, runId, self, now, now.plus(ttl))) {
                return hold(sync, runId, onLost, now, holder);
            }
            // another run took it over, or the dead holder's row went away meanwhile: look again
        }
    }

    /**
     * Whether {@code lease}'s holder is provably dead: it runs on this machine and its process is
     * gone (see the class comment). A holder on another host is never judged here; its lease frees
     * when it expires.
     */
    public boolean holderGone(Lease lease) {
        return lease.holder() != null && liveness.gone(lease.holder());
    }

    /** Whether nobody keeps {@code lease}: it expired at {@code now}, or its holder is provably dead. */
    public boolean abandoned(Lease lease, Instant now) {
        return lease.expiredAt(now) || holderGone(lease);
    }

    /**
     * Renews every lease this keeper holds, in one statement, and tells the runs whose lease is no
     * longer theirs. The {@link Schedule} calls it; so may a test.
     */
    public void renewNow() {
        List<HeldLease> renewing = List.copyOf(held.values());
        if (renewing.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        try {
            int renewed = leases.renewAll(self.node(), until);
            Set<String> ours = renewed >= renewing.size() ? null : stillOurs();
            for (HeldLease lease : renewing) {
                if (ours == null || ours.contains(lease.key())) {
                    lease.renewedUntil = until;
                } else {
                    lost(lease, "lost the run lease of " + SyncJob.describeStateKey(lease.sync) + " (it expired at " + lease.renewedUntil
                            + " without renewal and another run took it); stopped to avoid two runs at once");
                }
            }
        } catch (RuntimeException e) {
            for (HeldLease lease : renewing) {
                if (!now.plus(renewEvery).isBefore(lease.renewedUntil)) {
                    lost(lease, "could not renew the run lease of " + SyncJob.describeStateKey(lease.sync) + " before it expires at "
                            + lease.renewedUntil + ": " + e.getMessage());
                }
            }
        }
    }

    /** Stops renewing. Leases still held are left to expire (or to be found dead); their runs should have given them up. */
    @Override
    public void close() {
        AutoCloseable stop;
        synchronized (this) {
            closed = true;
            stop = renewing;
            renewing = null;
        }
        if (stop != null) {
            try {
                stop.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop renewing the run leases of " + self.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    private Held hold(String sync, String runId, Consumer<String> onLost, Instant now, Optional<Lease> replaced) {
        HeldLease lease = new HeldLease(new Lease(sync, runId, now, now.plus(ttl), self), replaced, onLost);
        held.put(lease.key(), lease);
        try {
            startRenewing();
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return lease;
    }

    private synchronized void startRenewing() {
        if (closed) {
            throw new IllegalStateException("the lease keeper of " + self.describe() + " is closed; a run needs an open one");
        }
        if (renewing == null) {
            renewing = schedule.every(renewEvery, () -> {
                try {
                    renewNow();
                } catch (RuntimeException e) {
                    // renewNow reports to the runs; never let the schedule stop
                }
            });
        }
    }

    private Set<String> stillOurs() {
        Set<String> keys = new HashSet<>();
        for (Lease lease : leases.heldBy(self.node())) {
            keys.add(key(lease.sync(), lease.owner()));
        }
        return keys;
    }

    private void lost(HeldLease lease, String reason) {
        if (held.remove(lease.key(), lease)) {
            lease.onLost.accept(reason);
        }
    }

    private static String key(String sync, String owner) {
        return sync + '\n' + owner;
    }

    private final class HeldLease implements Held {
        private final String sync;
        private final Lease lease;
        private final Optional<Lease> replaced;
        private final Consumer<String> onLost;
        private volatile Instant renewedUntil;

        HeldLease(Lease lease, Optional<Lease> replaced, Consumer<String> onLost) {
            this.sync = lease.sync();
            this.lease = lease;
            this.replaced = replaced;
            this.onLost = onLost;
            this.renewedUntil = lease.expiresAt();
        }

        String key() {
            return LeaseKeeper.key(sync, lease.owner());
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public Optional<Lease> replaced() {
            return replaced;
        }

        @Override
        public void close() {
            held.remove(key(), this);
            leases.release(lease); // only while the row still names this run and keeper
        }
    }
}
