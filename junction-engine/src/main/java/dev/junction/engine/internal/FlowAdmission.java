package dev.junction.engine.internal;

import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowSlots;
import dev.junction.store.FlowSlots.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many flow executions run at once, per flow ({@code limits.concurrency}) and per tenant (a
 * process-wide setting), counted over every process on the store ({@link FlowSlots}): an execution
 * past a limit waits, {@code queued} and held by this process's lease, and starts once fewer of its
 * flow's (or tenant's) executions run anywhere. A waiting execution never holds a worker, so
 * executions of other flows and tenants go past it. This process's waiting executions are admitted
 * oldest first (by when they were created, then by arrival); one that waits for its flow (or tenant)
 * holds back the later ones of that flow (or tenant), here and, through the store, in every process.
 * Sub-flows run inside their parent's execution and are not admitted again.
 *
 * <p>An execution under no limit starts at once, without the store. The others are admitted in
 * passes, each one transaction ({@link FlowExecutionRepository#admit}): when one arrives, when one of
 * this process's executions ends, and every {@code recheck} while some wait (a slot freed in another
 * process is seen then). Thread-safe.
 */
public final class FlowAdmission implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowAdmission.class);

    /** An execution waiting for a slot, with the marks its row has in the store (null: not held yet). */
    private static final class Waiting {
        final String id;
        final String flow;
        final int flowLimit;
        final String tenant;
        final Instant createdAt;
        final long arrival;
        final Runnable start;
        final Runnable gone;
        Marks marks;

        Waiting(String id, String flow, int flowLimit, String tenant, Instant createdAt, long arrival, Runnable start, Runnable gone) {
            this.id = id;
            this.flow = flow;
            this.flowLimit = flowLimit;
            this.tenant = tenant;
            this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS); // as stored, to compare with other processes' executions
            this.arrival = arrival;
            this.start = start;
            this.gone = gone;
        }
    }

    /** The limits a held execution waits for, as its row is marked. */
    private record Marks(boolean flow, boolean tenant) {}

    /** What one pass decided, applied once it committed. */
    private record Pass(List<Waiting> started, List<Waiting> gone, Map<Waiting, Marks> held) {}

    private static final Comparator<Waiting> OLDEST_FIRST = Comparator.<Waiting, Instant>comparing(w -> w.createdAt)
            .thenComparingLong(w -> w.arrival);

    private final FlowExecutionRepository executions;
    private final FlowLeases leases;
    private final Clock clock;
    private final int tenantLimit;
    private final Duration recheck;
    private final List<Waiting> line = new ArrayList<>(); // guarded by this
    private long arrivals; // guarded by this
    private ScheduledExecutorService rechecks; // guarded by this
    private boolean closed; // guarded by this
    /** Held by the one pass running; a pass asked for meanwhile ({@link #due}) runs after it. */
    private final ReentrantLock passing = new ReentrantLock();
    private final AtomicBoolean due = new AtomicBoolean();
    private boolean failing; // guarded by passing

    /**
     * @param tenantLimit the most executions of one tenant at once (the operator's count as one tenant); 0: no limit
     * @param recheck how often the store is asked again while executions wait
     */
    public FlowAdmission(FlowExecutionRepository executions, FlowLeases leases, Clock clock, int tenantLimit, Duration recheck) {
        if (tenantLimit < 0) {
            throw new IllegalArgumentException("the tenant concurrency must be 0 (no limit) or more, was " + tenantLimit);
        }
        if (recheck == null || !recheck.isPositive()) {
            throw new IllegalArgumentException("recheck: expected a positive duration, was " + recheck);
        }
        this.executions = executions;
        this.leases = leases;
        this.clock = clock;
        this.tenantLimit = tenantLimit;
        this.recheck = recheck;
    }

    /** Whether an execution of a flow with this {@code limits.concurrency} (0: none) is admitted here, rather than started at once. */
    public boolean limited(int flowLimit) {
        return flowLimit > 0 || tenantLimit > 0;
    }

    /**
     * Admits an execution under its flow's and tenant's limits ({@link #limited} ones only): claims it
     * for this process and runs {@code start} once they let it, now or later; runs {@code gone} instead
     * when it can no longer be claimed here (another process took it, it was cancelled or ended, this
     * process stops).
     *
     * @param flowLimit the flow's {@code limits.concurrency}; 0: none of its own
     */
    public void admit(String id, String flow, int flowLimit, String tenant, Instant createdAt, Runnable start, Runnable gone) {
        boolean added;
        synchronized (this) {
            added = !closed;
            if (added) {
                line.add(new Waiting(id, flow, flowLimit, tenant, createdAt, arrivals++, start, gone));
                startRechecks();
            }
        }
        if (added) {
            pump();
        } else {
            gone.run();
        }
    }

    /** One of this process's executions ended: the waiting ones that now fit start. */
    public void release() {
        if (waiting() > 0) {
            pump();
        }
    }

    /** How many executions wait here for a slot. */
    public synchronized int waiting() {
        return line.size();
    }

    /** Runs a pass, or has the one running run again once it ends. */
    private void pump() {
        due.set(true);
        while (due.get() && passing.tryLock()) {
            try {
                due.set(false);
                passQuietly();
            } finally {
                passing.unlock();
            }
        }
    }

    private void passQuietly() {
        try {
            pass();
            if (failing) {
                LOG.info("Flow executions are admitted under their concurrency limits again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not admit the {} flow execution(s) waiting for a concurrency slot ({}); trying again every {} ms", waiting(),
                        e.getMessage(), recheck.toMillis());
            }
            failing = true;
        }
    }

    private void pass() {
        List<Waiting> snapshot;
        synchronized (this) {
            if (closed || line.isEmpty()) {
                return;
            }
            snapshot = new ArrayList<>(line);
        }
        if (leases.isStopping()) {
            return;
        }
        snapshot.sort(OLDEST_FIRST);
        Set<Limit> limits = new TreeSet<>();
        for (Waiting w : snapshot) {
            limits.addAll(limitsOf(w));
        }
        Instant now = clock.instant();
        Pass pass = leases.exclusive(() -> executions.admit(limits, leases.owner(), now, leases.leaseUntil(now), slots -> decide(slots, snapshot)));
        synchronized (this) {
            line.removeAll(pass.started());
            line.removeAll(pass.gone());
        }
        pass.held().forEach((w, marks) -> {
            w.marks = marks;
            leases.hold(w.id);
        });
        for (Waiting w : pass.started()) {
            leases.adopt(w.id);
            w.start.run();
        }
        for (Waiting w : pass.gone()) {
            leases.unhold(w.id);
            w.gone.run();
        }
    }

    /** The limits {@code w} counts against: its flow's (when it has one) and its tenant's (when set). */
    private List<Limit> limitsOf(Waiting w) {
        List<Limit> limits = new ArrayList<>(2);
        if (w.flowLimit > 0) {
            limits.add(Limit.flow(w.flow));
        }
        if (tenantLimit > 0) {
            limits.add(Limit.tenant(w.tenant));
        }
        return limits;
    }

    /**
     * Walks the line oldest first: claims each execution whose limits have room, holds the others
     * (marking what they wait for when that changed); a limit one waits for is full for the later ones.
     */
    private Pass decide(FlowSlots slots, List<Waiting> snapshot) {
        Map<Limit, Integer> running = new HashMap<>();
        Set<Limit> full = new HashSet<>();
        Pass pass = new Pass(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        for (Waiting w : snapshot) {
            Limit flow = w.flowLimit > 0 ? Limit.flow(w.flow) : null;
            Limit tenant = tenantLimit > 0 ? Limit.tenant(w.tenant) : null;
            boolean flowFull = flow != null && full(slots, flow, w.flowLimit, w, full, running);
            boolean tenantFull = tenant != null && full(slots, tenant, tenantLimit, w, full, running);
            if (!flowFull && !tenantFull) {
                if (slots.claim(w.id)) {
                    pass.started().add(w);
                    limitsOf(w).forEach(l -> running.merge(l, 1, Integer::sum));
                } else {
                    pass.gone().add(w);
                }
                continue;
            }
            if (flowFull) {
                full.add(flow);
            }
            if (tenantFull) {
                full.add(tenant);
            }
            Marks marks = new Marks(flowFull, tenantFull);
            if (marks.equals(w.marks)) {
                continue;
            }
            if (slots.hold(w.id, flowFull, tenantFull)) {
                pass.held().put(w, marks);
            } else {
                pass.gone().add(w);
            }
        }
        return pass;
    }

    /**
     * Whether {@code w} must wait for {@code limit}: an earlier execution here waits for it, as many as
     * it allows run (anywhere), or another process holds an older execution waiting for it.
     */
    private static boolean full(FlowSlots slots, Limit limit, int max, Waiting w, Set<Limit> full, Map<Limit, Integer> running) {
        if (full.contains(limit)) {
            return true;
        }
        FlowSlots.Load load = slots.load(limit);
        if (running.computeIfAbsent(limit, l -> load.running()) >= max) {
            return true;
        }
        return load.firstWaitingElsewhere() != null && load.firstWaitingElsewhere().isBefore(w.createdAt);
    }

    private void startRechecks() {
        if (rechecks != null) {
            return;
        }
        rechecks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("flow-admission").factory());
        rechecks.scheduleWithFixedDelay(this::release, recheck.toMillis(), recheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Admits no more: the executions waiting here are handed back in the store (any process may take
     * them at once) and told {@code gone}. Waits for a pass under way.
     */
    @Override
    public void close() {
        ScheduledExecutorService stop;
        List<Waiting> left;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stop = rechecks;
            rechecks = null;
            left = List.copyOf(line);
            line.clear();
        }
        if (stop != null) {
            stop.shutdownNow();
        }
        passing.lock();
        try {
            if (!left.isEmpty()) {
                leases.exclusive(() -> {
                    executions.releaseWaiting(leases.owner());
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not hand back the {} flow execution(s) waiting here for a concurrency slot ({}); other processes take them once"
                    + " their leases expire", left.size(), e.getMessage());
        } finally {
            passing.unlock();
        }
        for (Waiting w : left) {
            leases.unhold(w.id);
            w.gone.run();
        }
    }
}
