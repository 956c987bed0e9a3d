package dev.junction.sync.internal;

import dev.junction.store.ErrorClass;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.SyncJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How a run ends: its status and the text its record keeps, from what stopped it (or else what it
 * noted), stored fenced by the run's attempt, and the run's record as it ended.
 */
final class RunEnd {
    /** The run's log lines keep the logger they always had (see docs/operations.md). */
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private final String runId;
    private final SyncJob job;
    private final Store store;
    private final Clock clock;
    private final RunStops stops;
    private final LiveCounters counters;
    /** A backfill's range and progress; null in a run of the live read. */
    private final BackfillState backfill;
    private final Supplier<String> note;
    private final boolean dryRun;

    /**
     * {@code note} is what the record says when nothing stopped the run (null: nothing); a dry run stores nothing.
     */
    RunEnd(String runId, SyncJob job, Store store, Clock clock, RunStops stops, LiveCounters counters, BackfillState backfill,
            Supplier<String> note, boolean dryRun) {
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.stops = stops;
        this.counters = counters;
        this.backfill = backfill;
        this.note = note;
        this.dryRun = dryRun;
    }

    /**
     * Records the end of the run that started at {@code startedAt}; {@code claimed} is the stored run a queued run's
     * execution continued, null for a new run.
     */
    RunRecord record(RunRecord claimed, Instant startedAt) {
        RunCounters finalCounters = counters.snapshot();
        String error = stops.fatal();
        RunStatus status = error != null ? RunStatus.FAILED
                : stops.cancelled() ? RunStatus.CANCELLED
                : stops.requeued() ? RunStatus.QUEUED
                : finalCounters.failed() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        if (status == RunStatus.CANCELLED) {
            error = "cancelled on request; records written before stay written, the rest are sent by the next run";
        } else if (status == RunStatus.QUEUED) {
            error = "stopped by the shutdown of the process running it; queued again, to resume from the last checkpoint";
        } else if (error == null) {
            error = note.get();
        }
        if (backfill != null && !dryRun && (status == RunStatus.SUCCEEDED || status == RunStatus.PARTIAL)) {
            backfill.clear(); // read to its end: a later backfill of the range reads it again
            error = error == null ? backfill.note() : backfill.note() + "; " + error;
        }
        Instant finishedAt = status == RunStatus.QUEUED ? null : clock.instant();
        String fatalText = stops.fatal();
        ErrorClass errorClass = status == RunStatus.FAILED && fatalText != null ? stops.errorClass(fatalText) : null;
        // fenced by attempt: should this process have been judged dead meanwhile (its run abandoned, or queued again and resumed
        // by another process), what it says now does not overwrite what happened since
        int attempt = claimed != null && claimed.queued() != null ? claimed.queued().attempt() : 1;
        boolean recorded = true;
        if (status == RunStatus.QUEUED) {
            recorded = store.runs().requeueAttempt(runId, attempt, finalCounters, error);
        } else if (!dryRun) {
            recorded = store.runs().finishAttempt(runId, attempt, status, finalCounters, error, errorClass, finishedAt);
        }
        if (!recorded) {
            LOG.warn("Run {} ended {} here, but the store already says otherwise (it was judged dead and abandoned or resumed elsewhere);"
                    + " its record is left as it is", runId, status);
        }
        return claimed != null ? claimed.ended(status, finishedAt, finalCounters, error, errorClass)
                : new RunRecord(runId, job.sync(), job.trigger(), status, startedAt, finishedAt, finalCounters, error, job.tenant(), null, errorClass);
    }
}
