package dev.junction.engine;

import dev.junction.engine.internal.QueueDispatch;
import dev.junction.engine.internal.QueueReaper;
import dev.junction.engine.internal.QueueScheduler;
import dev.junction.engine.internal.RunLiveness;
import dev.junction.engine.internal.RunWorkers;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RunListener;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable run queue: one door for every run asked for by a person, a schedule, an API call, a
 * webhook or a flow. {@link #submit} stores the run (QUEUED, with its request) and schedules its
 * dispatch before it returns, so a process killed right after still has the run executed: by another
 * node, or by itself after a restart. Any process may submit; processes that {@link #start} the queue
 * execute the runs, at most {@link Settings#workers()} at once each, and nodes on one PostgreSQL share
 * it. Runs of one sync (tenant) run one at a time, in the order they were queued, as far as their
 * dispatches come due in that order.
 *
 * <p>Dispatching (db-scheduler, in the store's database): a due dispatch waits for a free worker of
 * its node, takes the sync's lease, claims the run (RUNNING) and hands it over; from then on the run is
 * protected by its lease alone. A run of a sync whose lease a live run holds stays QUEUED and is looked
 * at again 2 s later. A reaper (every {@link Settings#reapEvery()}, one node at a time) queues again,
 * with the same id, every run whose process died, and the next attempt resumes from the sync's
 * checkpoint without writing any record's effect twice.
 *
 * <p>Shutdown: {@link #stop} takes no new runs and asks the runs in flight to stop after their
 * batches in flight; each saves its checkpoint, goes back to QUEUED and gives its lease up, for any
 * node to resume. Runs still queued stay queued.
 */
public final class RunQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    /** How long {@link #close} lets runs in flight stop. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /**
     * How the queue works in this process.
     *
     * @param workers how many runs this process executes at once
     * @param pollInterval how often this process looks for due dispatches; also how long a dispatch waits for a free worker
     * @param reapEvery how often the reaper looks for runs whose process died (cluster-wide, one node at a time)
     * @param leaseTtl how long a queued run's sync lease lasts unrenewed (renewed every third of it): how soon a dead
     *     node's runs are found dead
     * @param maxAttempts after how many attempts whose process died a run ends FAILED instead of being queued again
     * @param connectionChecks how often the connections whose connector declares {@code check:} are checked where the
     *     queue runs (one node at a time); null: never (the default; {@code junction serve} sets its {@code connectionChecks} setting)
     */
    public record Settings(int workers, Duration pollInterval, Duration reapEvery, Duration leaseTtl, int maxAttempts, Duration connectionChecks) {
        /**
         * 4 workers; a dead node's runs are queued again within about {@code leaseTtl + reapEvery} (8 s) and
         * claimed within a poll interval more.
         */
        public static final Settings DEFAULT = new Settings(4, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(6), 5);

        /** Without connection checks. */
        public Settings(int workers, Duration pollInterval, Duration reapEvery, Duration leaseTtl, int maxAttempts) {
            this(workers, pollInterval, reapEvery, leaseTtl, maxAttempts, null);
        }

        public Settings {
            if (connectionChecks != null) {
                requirePositive("connectionChecks", connectionChecks);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers: expected at least 1, was " + workers);
            }
            requirePositive("pollInterval", pollInterval);
            requirePositive("reapEvery", reapEvery);
            requirePositive("leaseTtl", leaseTtl);
            if (leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
                throw new IllegalArgumentException("leaseTtl: expected at least 300ms (it is renewed every third of it), was " + leaseTtl);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts: expected at least 1, was " + maxAttempts);
            }
        }

        public Settings withWorkers(int value) {
            return new Settings(value, pollInterval, reapEvery, leaseTtl, maxAttempts, connectionChecks);
        }

        public Settings withLeaseTtl(Duration value) {
            return new Settings(workers, pollInterval, reapEvery, value, maxAttempts, connectionChecks);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(workers, pollInterval, reapEvery, leaseTtl, value, connectionChecks);
        }

        /** @param value how often connections are checked; null: never */
        public Settings withConnectionChecks(Duration value) {
            return new Settings(workers, pollInterval, reapEvery, leaseTtl, maxAttempts, value);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || !value.isPositive()) {
                throw new IllegalArgumentException(name + ": expected a positive duration, was " + value);
            }
        }
    }

    private final JdbcStore store;
    private final Definitions definitions;
    private final Runs runs;
    private final Clock clock;
    private final Settings settings;
    private final java.util.function.Supplier<LeaseKeeper> leases;
    private final QueueScheduler scheduler;
    private final List<dev.junction.engine.internal.Background> alongside;
    private final java.util.function.Supplier<QueueScheduler.Fires> schedules;
    private final java.util.function.Supplier<QueueScheduler.Fires> polls;
    private final Runnable connectionChecks;
    private RunWorkers workers;

    /**
     * {@code alongside}: work that runs only where the queue runs (event delivery, inbox workers),
     * started and stopped with it; {@code schedules}: what the schedules' executions do (the engine's
     * {@link Schedules}) and the polls' ticks (the engine's {@link Polls}), asked for when the queue starts.
     */
    RunQueue(JdbcStore store, Definitions definitions, Runs runs, java.util.function.Supplier<LeaseKeeper> leases, Clock clock, Settings settings,
            List<dev.junction.engine.internal.Background> alongside, java.util.function.Supplier<QueueScheduler.Fires> schedules,
            java.util.function.Supplier<QueueScheduler.Fires> polls, Runnable connectionChecks) {
        this.polls = polls;
        this.connectionChecks = connectionChecks;
        this.alongside = List.copyOf(alongside);
        this.leases = leases;
        this.schedules = schedules;
        this.store = store;
        this.definitions = definitions;
        this.runs = runs;
        this.clock = clock;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = new QueueScheduler(store.dataSource(), store.databaseName(), clock, settings.pollInterval(), settings.reapEvery());
    }

    public Settings settings() {
        return settings;
    }

    /** The queue's db-scheduler, which the schedules and polls share. */
    QueueScheduler scheduler() {
        return scheduler;
    }

    /**
     * Stores the run QUEUED and schedules its dispatch; returns once both are in the store. The sync
     * must be applied; a per-tenant sync needs its tenant (queue one run per tenant:
     * {@link SyncTargets#tenants}). Should the sync be gone or unplannable when the run's turn comes,
     * the run ends FAILED saying why.
     *
     * @return the queued run (a new id, attempt 1)
     * @throws EngineException.NotFound when no such sync is applied
     * @throws EngineException.Invalid when a tenant is given for a classic sync, or none for a per-tenant one
     */
    public RunRecord submit(Runs.Request request) {
        return submit(request, id -> { });
    }

    /**
     * {@link #submit}, calling {@code beforeQueued} with the run's id before the run is stored (what the
     * run needs besides its request, such as a backfill chunk's range, is stored there first, so that
     * no process claims the run without it).
     */
    RunRecord submit(Runs.Request request, java.util.function.Consumer<String> beforeQueued) {
        SyncSpec spec = SyncTargets.sync(definitions.recent(r -> r.syncs().containsKey(request.sync())), request.sync(), request.tenant());
        if (spec.perTenant() && request.tenant() == null) {
            throw new EngineException.Invalid("sync '" + request.sync() + "' runs per tenant: queue one run per tenant, naming it");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        beforeQueued.accept(id);
        store.runs().enqueue(id, request.sync(), request.tenant(), request.trigger(), request.forceDeletes(), now);
        try {
            scheduler.schedule(id, now);
        } catch (RuntimeException e) {
            // the run is stored: the reaper schedules its dispatch
            LOG.warn("Queued run {} of sync '{}', but could not schedule its dispatch ({}); the reaper will", id, request.sync(), e.getMessage());
        }
        return store.runs().find(id).orElseThrow();
    }

    /** The runs waiting in the queue (here or in any process on the store), oldest first, at most {@code limit}. */
    public List<RunRecord> queued(int limit) {
        return store.runs().withStatus(RunStatus.QUEUED, limit);
    }

    /** Starts executing queued runs in this process. */
    public void start() {
        start(RunListener.NONE);
    }

    /**
     * Starts executing queued runs in this process: {@code listener} follows each run this process
     * executes (from writer threads too: it must be thread-safe).
     *
     * @throws IllegalStateException when it was started before (a stopped queue is not started again: open a new engine)
     */
    public synchronized void start(RunListener listener) {
        if (workers != null) {
            throw new IllegalStateException("the run queue was already started in this engine");
        }
        workers = new RunWorkers(settings.workers());
        QueueDispatch dispatch = new QueueDispatch(store, workers, scheduler,
                (claimed, stop) -> runs.runClaimed(definitions.recent(r -> r.syncs().containsKey(claimed.sync())), claimed, stop, listener).run(), clock,
                leases.get(), settings.pollInterval());
        QueueReaper reaper = new QueueReaper(store, scheduler, new RunLiveness(leases.get()), clock, settings.maxAttempts());
        String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        scheduler.start(node, new QueueScheduler.Handlers() {
            @Override
            public Instant dispatch(String runId) throws InterruptedException {
                return dispatch.dispatch(runId);
            }

            @Override
            public void reap() {
                reaper.reap();
            }

            @Override
            public void checkConnections() {
                connectionChecks.run();
            }
        }, schedules.get(), polls.get(), settings.connectionChecks());
        alongside.forEach(dev.junction.engine.internal.Background::start);
        LOG.info("Run queue started on {} with {} workers", node, settings.workers());
        for (QueueScheduler.Fires timed : List.of(schedules.get(), polls.get())) {
            try {
                timed.reconcileIfChanged();
            } catch (RuntimeException e) {
                LOG.warn("Could not bring the schedules or polls in step with the definitions at start ({}); the next pass will", e.getMessage());
            }
        }
    }

    /**
     * Whether {@link #stop} was called: this process takes no new runs (a server reports itself not
     * ready meanwhile).
     */
    public synchronized boolean stopping() {
        return workers != null && workers.stopSignal().raised();
    }

    /** The ids of the runs this process executes now. */
    public synchronized Set<String> inFlight() {
        return workers == null ? Set.of() : workers.inFlight();
    }

    /**
     * Graceful shutdown: takes no new runs, asks each run in flight to stop after its batches in flight
     * (it saves its checkpoint, goes back to QUEUED and gives its lease up, for any node to resume), and
     * waits at most {@code grace} for them. Queued runs stay queued. A run still going when the grace
     * ends is left to stop by itself; should the process end first, its lease expires and the reaper
     * queues it again.
     *
     * @return whether every run in flight stopped in time (true when the queue was not started)
     */
    public boolean stop(Duration grace) {
        RunWorkers stopping;
        synchronized (this) {
            stopping = workers;
        }
        if (stopping == null) {
            return true;
        }
        Thread alongsideStopping = Thread.ofVirtual().start(() -> alongside.forEach(work -> work.stop(grace)));
        Instant began = clock.instant();
        try {
            boolean stopped;
            // runs begin to stop at once; the scheduler stops meanwhile (its dispatches find no free worker)
            Set<String> inFlight = stopping.inFlight();
            Thread asking = Thread.ofVirtual().start(scheduler::stop);
            stopped = stopping.stop(grace);
            asking.join(Math.max(1, grace.toMillis()));
            alongsideStopping.join(Math.max(1, grace.toMillis()));
            LOG.info("Run queue stopped in {} ms; {}", Duration.between(began, clock.instant()).toMillis(),
                    stopped ? inFlight.size() + " run(s) in flight went back to the queue" : "runs still stopping: " + stopping.inFlight());
            return stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #stop} with a grace of 10 s. */
    @Override
    public void close() {
        stop(CLOSE_GRACE);
    }
}
