package dev.junction.engine.internal;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.StopSignal;
import dev.junction.sync.SyncAlreadyRunningException;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RunLogContext;
import dev.junction.sync.SyncJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a queued run's {@value QueueScheduler#RUN_TASK} execution does: it only dispatches. It waits
 * (at most {@code slotWait}) for a free worker of this process, takes the run's sync lease, claims the
 * run (QUEUED to RUNNING) and hands it to the worker; then the execution is done, and the run is
 * protected by its lease alone. A run whose sync is held by a live run stays QUEUED and is looked at
 * again {@link #SYNC_BUSY_RETRY} later; with no free worker here, a little later, so that another
 * node may take it meanwhile.
 */
public final class QueueDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDispatch.class);
    /** How long a run waits when another run of its sync (tenant) holds the lease. */
    static final Duration SYNC_BUSY_RETRY = Duration.ofSeconds(2);

    /** Executes a claimed run to its end (or back to the queue when {@code stop} is raised). */
    @FunctionalInterface
    public interface ClaimedRuns {
        RunRecord run(RunRecord claimed, StopSignal stop);
    }

    private final Store store;
    private final RunWorkers workers;
    private final QueueScheduler scheduler;
    private final ClaimedRuns runs;
    private final Clock clock;
    private final LeaseKeeper leases;
    private final Duration slotWait;

    /**
     * @param leases the process's lease keeper: the dispatch takes the run's sync lease on it, and the run
     *     keeps it (the run takes it again for the same run id and process, which succeeds)
     * @param slotWait how long a dispatch waits for a free worker before it leaves the run to later (or another node)
     */
    public QueueDispatch(Store store, RunWorkers workers, QueueScheduler scheduler, ClaimedRuns runs, Clock clock, LeaseKeeper leases,
            Duration slotWait) {
        this.store = store;
        this.workers = workers;
        this.scheduler = scheduler;
        this.runs = runs;
        this.clock = clock;
        this.leases = leases;
        this.slotWait = slotWait;
    }

    /** Dispatches run {@code runId}. @return when to look at it again, or null when its execution is done */
    public Instant dispatch(String runId) throws InterruptedException {
        Optional<RunRecord> found = store.runs().find(runId);
        if (found.isEmpty() || found.get().status() != RunStatus.QUEUED) {
            LOG.debug("Run {} is no longer queued ({}); its dispatch is done", runId, found.map(RunRecord::status).orElse(null));
            return null;
        }
        RunWorkers.Slot slot = workers.reserve(slotWait);
        if (slot == null) {
            return clock.instant().plus(slotWait);
        }
        try {
            return claim(found.get(), slot);
        } finally {
            slot.release(); // nothing when the run was started on it
        }
    }

    private Instant claim(RunRecord run, RunWorkers.Slot slot) {
        try (RunLogContext tags = RunLogContext.run(run.id(), run.sync(), run.tenant())) { // the dispatch's log lines name the run
            return claimTagged(run, slot);
        }
    }

    private Instant claimTagged(RunRecord run, RunWorkers.Slot slot) {
        String key = SyncJob.stateKey(run.sync(), run.tenant());
        Instant now = clock.instant();
        // a QUEUED run executes nowhere, so a lease already named after it is a dead attempt's: the keeper takes it over once
        // it expired or its holder's process is gone
        LeaseKeeper.Held held;
        try {
            held = leases.acquire(key, run.id(), reason -> LOG.warn("Run {} lost its lease before it started: {}", run.id(), reason));
        } catch (SyncAlreadyRunningException e) {
            LOG.debug("Run {} waits: run {} holds the lease of {}", run.id(), e.holder().owner(), SyncJob.describeStateKey(key));
            return now.plus(SYNC_BUSY_RETRY);
        }
        if (!store.runs().claim(run.id(), now)) {
            // changed since it was read: cancelled (free the sync), or claimed through another execution (its lease now)
            if (store.runs().find(run.id()).map(r -> r.status() != RunStatus.RUNNING).orElse(true)) {
                held.close();
            }
            return null;
        }
        RunRecord claimed = store.runs().find(run.id()).orElse(run);
        LOG.info("Claimed run {} of {} (attempt {})", run.id(), SyncJob.describeStateKey(key), claimed.queued() == null ? 1 : claimed.queued().attempt());
        slot.start(run.id(), RunLogContext.carrying(() -> execute(claimed, key)));
        return null;
    }

    /** On the worker's thread: the run to its end, then what its end asks for. */
    private void execute(RunRecord claimed, String key) {
        RunRecord ended;
        try {
            ended = runs.run(claimed, workers.stopSignal());
        } catch (SyncAlreadyRunningException e) {
            // its lease ran out before the run began, and another run took it: back to the queue
            store.runs().requeue(claimed.id(), null, "waiting for its sync: " + e.getMessage(), false);
            scheduler.schedule(claimed.id(), clock.instant().plus(SYNC_BUSY_RETRY));
            return;
        } catch (RuntimeException e) {
            fail(claimed, key, e);
            return;
        }
        if (ended.status() == RunStatus.QUEUED) {
            // stopped by this process's shutdown: any node (or this one, restarted) resumes it
            scheduler.schedule(claimed.id(), clock.instant());
            LOG.info("Run {} stopped for the shutdown and is queued again", claimed.id());
        }
    }

    /** The run could not be planned or run (an unknown sync, a missing secret, the store failing): it ends FAILED, its sync freed. */
    private void fail(RunRecord claimed, String key, RuntimeException e) {
        String reason = "could not run: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        try {
            Optional<RunRecord> now = store.runs().find(claimed.id());
            boolean ours = store.leases().find(key).map(l -> l.owner().equals(claimed.id())).orElse(false);
            if (now.isPresent() && now.get().status() == RunStatus.RUNNING && ours) {
                // the sync freed before the run is seen ended, so whoever sees it failed finds the sync free (should the end not be
                // recorded, the run is RUNNING without a live lease, and the reaper queues it again)
                store.leases().release(key, claimed.id());
                store.runs().finish(claimed.id(), RunStatus.FAILED, now.get().counters(), reason, clock.instant());
            }
            LOG.warn("Queued run {} of {} failed: {}", claimed.id(), SyncJob.describeStateKey(key), reason);
        } catch (RuntimeException again) {
            LOG.warn("Queued run {} failed ({}) and its end could not be recorded ({}); the reaper queues it again once its lease expires",
                    claimed.id(), reason, again.getMessage());
        }
    }
}
