package dev.junction.engine.internal;

import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.SyncJob;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value QueueScheduler#REAPER_TASK} task: db-scheduler runs it every couple of seconds on one
 * node at a time. It puts back in the queue (same id, attempt + 1) every RUNNING run of the queue whose
 * process died ({@link RunLiveness}), so any node resumes it from its sync's checkpoint; and it
 * schedules a dispatch for every QUEUED run that has none (its process died between storing the run
 * and scheduling it, or after stopping it for a shutdown). A run that was asked to cancel ends
 * CANCELLED instead; one whose process died {@code maxAttempts} times ends FAILED, so a run that kills
 * its process every time does not take the cluster down node after node.
 */
public final class QueueReaper {
    private static final Logger LOG = LoggerFactory.getLogger(QueueReaper.class);
    /** The most runs of each status looked at per pass; the rest wait for the next pass. */
    static final int BATCH = 500;

    private final Store store;
    private final QueueScheduler scheduler;
    private final RunLiveness liveness;
    private final Clock clock;
    private final int maxAttempts;

    public QueueReaper(Store store, QueueScheduler scheduler, RunLiveness liveness, Clock clock, int maxAttempts) {
        this.store = store;
        this.scheduler = scheduler;
        this.liveness = liveness;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** One pass. */
    public void reap() {
        for (RunRecord run : store.runs().withStatus(RunStatus.RUNNING, BATCH)) {
            if (run.queued() != null) {
                reapIfDead(run);
            }
        }
        // the executions first: a run claimed meanwhile is no longer QUEUED below, one queued meanwhile has its execution
        Set<String> scheduled = scheduler.scheduledRuns();
        for (RunRecord run : store.runs().withStatus(RunStatus.QUEUED, BATCH)) {
            if (!scheduled.contains(run.id()) && scheduler.schedule(run.id(), clock.instant())) {
                LOG.info("Scheduled the dispatch of queued run {}, which had none", run.id());
            }
        }
    }

    private void reapIfDead(RunRecord run) {
        String key = SyncJob.stateKey(run.sync(), run.tenant());
        Instant now = clock.instant();
        Optional<Lease> lease = store.leases().find(key);
        if (!liveness.dead(run, lease, now)) {
            return;
        }
        int attempt = run.queued().attempt();
        String death = lease.filter(l -> l.owner().equals(run.id()))
                .map(l -> l.expiredAt(now) ? "its process stopped renewing its lease (it expired at " + l.expiresAt() + ")"
                        : "its process (" + (l.holder() == null ? "unknown" : l.holder().describe()) + ") is gone")
                .orElse("its process is gone (its sync's lease is no longer its)");
        // the dead run's lease goes first: once the run's status says it ended, its sync is free (a run without a lease is only
        // looked at again by the next pass, which finds it ended or queued)
        lease.filter(l -> l.owner().equals(run.id())).ifPresent(l -> store.leases().release(key, run.id()));
        boolean ended;
        if (store.runs().cancelRequested(run.id())) {
            store.runs().finish(run.id(), RunStatus.CANCELLED, run.counters(), "cancelled on request; " + death + " before it stopped", now);
            ended = true;
        } else if (attempt >= maxAttempts) {
            store.runs().finish(run.id(), RunStatus.FAILED, run.counters(), "gave up: " + death + " on attempt " + attempt + " of " + maxAttempts
                    + "; see that process's log for why it died, then start the sync again", now);
            ended = true;
        } else {
            ended = store.runs().requeue(run.id(), null, death + "; queued again to resume from the last checkpoint (attempt " + (attempt + 1) + ")",
                    true);
            if (ended) {
                scheduler.schedule(run.id(), now);
            }
        }
        if (ended) {
            LOG.info("Run {} of {}: {}; {}", run.id(), SyncJob.describeStateKey(key), death,
                    store.runs().find(run.id()).map(r -> "now " + r.status().name().toLowerCase(java.util.Locale.ROOT)).orElse("gone"));
        }
    }
}
