package dev.junction.engine.internal;

import dev.junction.store.FlowExecutionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the flow executions this process runs: each claimed execution is held by
 * {@link #owner} until {@code ttl} from its last renewal; a heartbeat renews all of them every third
 * of {@code ttl} (as the sync runs' leases are), and picks up cancellations asked for through the
 * store. An execution whose process died stops being renewed, its lease expires, and any process's
 * {@link FlowWorker} claims it and resumes it. The executions this process holds waiting for a
 * concurrency slot ({@link FlowAdmission}) are renewed with them. The heartbeat starts with the first
 * execution held, so a process that runs no flow does not touch the store for them.
 */
public final class FlowLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowLeases.class);

    /**
     * Thrown before an execution's next step when this process stops: the execution is handed back
     * ({@link #release}d, still running) for any process to resume at once, rather than run on.
     */
    public static final class HandedBack extends RuntimeException {
        public HandedBack(String id) {
            super("execution " + id + " handed back: this process stops", null, false, false);
        }
    }

    /**
     * How long an abandoned execution is left out of the renewals at most: its lease expired long before,
     * and a flow worker (this process's once it has room, or another's) took it; only one taken here
     * leaves the list sooner ({@link #adopt}).
     */
    private static final Duration FORGET_ABANDONED_AFTER = Duration.ofHours(1);

    private final FlowExecutionRepository executions;
    private final Clock clock;
    private final Duration ttl;
    private final String owner;
    private final Map<String, AtomicBoolean> held = new ConcurrentHashMap<>();
    /** The executions held waiting for a concurrency slot. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /**
     * The executions this process let go of without giving their leases up in the store (see
     * {@link #abandon}), with when: left out of the renewals until claimed here again, or for
     * {@link #FORGET_ABANDONED_AFTER}.
     */
    private final Map<String, Instant> abandoned = new ConcurrentHashMap<>();
    /**
     * Held by a renewal and by {@link #exclusive} work: a renewal (one statement over many rows) and an
     * admission pass (a transaction over some of the same rows) of this process never run at once, so
     * they never lock those rows in opposite orders.
     */
    private final Object renewing = new Object();
    private ScheduledExecutorService heartbeat; // guarded by this
    private volatile boolean stopping;

    public FlowLeases(FlowExecutionRepository executions, Clock clock, Duration ttl, String owner) {
        if (ttl == null || ttl.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("flow lease ttl: expected at least 300ms (it is renewed every third of it), was " + ttl);
        }
        this.executions = executions;
        this.clock = clock;
        this.ttl = ttl;
        this.owner = owner;
    }

    /** Who holds this process's leases, as stored in {@code lease_owner}. */
    public String owner() {
        return owner;
    }

    /** Until when a lease taken or renewed now lasts. */
    public Instant leaseUntil(Instant now) {
        return now.plus(ttl);
    }

    /**
     * Claims the execution for this process (see {@link FlowExecutionRepository#claim}); on success it is
     * held until {@link #release}. A stopping process claims none.
     */
    public boolean claim(String id, Instant queuedBefore) {
        if (stopping) {
            return false;
        }
        Instant now = clock.instant();
        if (!executions.claim(id, owner, now, leaseUntil(now), queuedBefore)) {
            return false;
        }
        adopt(id);
        return true;
    }

    /** An execution this process claimed in an admission pass: held (and renewed) until {@link #release}, as after {@link #claim}. */
    public void adopt(String id) {
        waiting.remove(id);
        abandoned.remove(id);
        held.put(id, new AtomicBoolean());
        startHeartbeat();
    }

    /** An execution an admission pass holds waiting for a slot: its lease is renewed until {@link #unhold} or {@link #adopt}. */
    public void hold(String id) {
        waiting.add(id);
        startHeartbeat();
    }

    /** The execution no longer waits here (it went elsewhere, ended, or this process gave it back). */
    public void unhold(String id) {
        waiting.remove(id);
    }

    /** Runs {@code work} (an admission pass) while no renewal runs. */
    public <T> T exclusive(java.util.function.Supplier<T> work) {
        synchronized (renewing) {
            return work.get();
        }
    }

    /** Whether this process holds the execution now. */
    public boolean holds(String id) {
        return held.containsKey(id);
    }

    /**
     * Whether the execution was asked to cancel (here, or through the store as the last heartbeat saw);
     * asked before each step.
     *
     * @throws HandedBack when this process stops: the execution goes back to the store before its next step
     */
    public boolean cancelRequested(String id) {
        if (stopping) {
            throw new HandedBack(id);
        }
        AtomicBoolean flag = held.get(id);
        return flag != null && flag.get();
    }

    /** Asks an execution this process holds to stop before its next step; false when it holds none by that id. */
    public boolean cancel(String id) {
        AtomicBoolean flag = held.get(id);
        if (flag != null) {
            flag.set(true);
        }
        return flag != null;
    }

    /** The execution ended or was parked: no longer renewed here. */
    public void release(String id) {
        held.remove(id);
    }

    /**
     * The store failed under the execution: it stays running in the store under this process's lease,
     * which is no longer renewed, so that once it expires any process resumes it. Unlike {@link #release},
     * the renewals of this process's other executions leave it out, so it expires even while this process
     * runs others.
     */
    public void abandon(String id) {
        held.remove(id);
        abandoned.put(id, clock.instant());
    }

    /** Gives the execution's lease up in the store (it stays running) so that any process resumes it at once; no longer renewed here. */
    public void handBack(String id) {
        held.remove(id);
        executions.release(id, owner, clock.instant());
    }

    /** From now on the executions this process runs are {@link HandedBack handed back} before their next step. */
    public void stopping() {
        stopping = true;
    }

    /** Whether this process stops: it claims nothing any more. */
    public boolean isStopping() {
        return stopping;
    }

    /** How many executions this process holds. */
    public int size() {
        return held.size();
    }

    /** Renews every lease this process holds and picks up cancellations; what the heartbeat does. */
    void renew() {
        if (held.isEmpty() && waiting.isEmpty()) {
            return;
        }
        Set<String> cancel;
        Instant now = clock.instant();
        abandoned.values().removeIf(at -> at.isBefore(now.minus(FORGET_ABANDONED_AFTER)));
        synchronized (renewing) {
            cancel = executions.renew(owner, leaseUntil(now), Set.copyOf(abandoned.keySet()));
        }
        cancel.forEach(this::cancel);
    }

    private synchronized void startHeartbeat() {
        if (heartbeat != null) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flow-leases");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                renew();
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the leases of {} flow execution(s) ({}); trying again in {} ms", held.size(), e.getMessage(), every);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }
}
