package dev.junction.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.sync.internal.DeadLetterSource;
import dev.junction.sync.internal.RunExecution;
import dev.junction.sync.internal.ThisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs syncs: reads pages from the source, maps each record, skips records whose fingerprint is
 * unchanged, writes the rest in batches (in parallel up to the sync's concurrency), and accounts
 * for every record: written, unchanged, or a dead letter with its reason. The run and its counters
 * are kept in the store; an incremental checkpoint moves only after every record before it is
 * written or dead-lettered.
 */
public final class SyncEngine {
    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<String> runIds;
    /** The process's leases; null: each run keeps its own lease on a keeper of its own. */
    private final LeaseKeeper leases;
    /** Where runs' spans go; off unless {@link #withTracing}. */
    private final dev.junction.trace.Tracing tracing;

    /** An engine whose runs each keep their lease on a {@link LeaseKeeper} of their own (a thread per run). */
    public SyncEngine(Store store, ObjectMapper json, Clock clock) {
        this(store, json, clock, () -> UUID.randomUUID().toString());
    }

    /** The same, with run ids from {@code runIds}. */
    public SyncEngine(Store store, ObjectMapper json, Clock clock, Supplier<String> runIds) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.runIds = runIds;
        this.leases = null;
        this.tracing = dev.junction.trace.Tracing.off();
    }

    /** An engine whose runs' leases the process's {@code leases} keeps (made for {@code store}'s leases; the caller closes it). */
    public SyncEngine(Store store, ObjectMapper json, Clock clock, LeaseKeeper leases) {
        this(store, json, clock, () -> UUID.randomUUID().toString(), leases);
    }

    /** The same, with run ids from {@code runIds}. */
    public SyncEngine(Store store, ObjectMapper json, Clock clock, Supplier<String> runIds, LeaseKeeper leases) {
        if (leases.repository() != store.leases()) {
            throw new IllegalArgumentException("the lease keeper renews leases in another store than " + store
                    + "; make it with new LeaseKeeper(store.leases(), clock)");
        }
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.runIds = runIds;
        this.leases = leases;
        this.tracing = dev.junction.trace.Tracing.off();
    }

    private SyncEngine(SyncEngine engine, dev.junction.trace.Tracing tracing) {
        this.store = engine.store;
        this.json = engine.json;
        this.clock = engine.clock;
        this.runIds = engine.runIds;
        this.leases = engine.leases;
        this.tracing = java.util.Objects.requireNonNull(tracing, "tracing");
    }

    /**
     * The same engine, its runs' spans going to {@code value} (a run, its pages and its batches; see
     * {@link dev.junction.trace.Tracing}).
     */
    public SyncEngine withTracing(dev.junction.trace.Tracing value) {
        return new SyncEngine(this, value);
    }

    private RunExecution.Options options(RunExecution.Options options) {
        return options.withTracing(tracing);
    }

    /**
     * Runs the job to its end and returns the finished run. Never throws for a failed run: the
     * returned record has status FAILED (or CANCELLED) and the reason.
     *
     * @throws SyncAlreadyRunningException when another live run of the same sync holds its lease
     */
    public RunRecord run(SyncJob job, RunListener listener) {
        return withLeases(keeper -> new RunExecution(runIds.get(), job, store, json, clock, listener, options(RunExecution.Options.DEFAULT), keeper).execute());
    }

    /**
     * Runs the job with a lease that lasts {@code leaseTtl} without renewal (renewed every third of
     * it) on a keeper of its own, instead of the process's (or the default {@link LeaseKeeper#TTL}).
     */
    public RunRecord run(SyncJob job, RunListener listener, Duration leaseTtl) {
        Duration every = Duration.ofMillis(Math.max(1, leaseTtl.toMillis() / 3));
        try (LeaseKeeper own = new LeaseKeeper(store.leases(), clock, ThisProcess.holder(), LeaseKeeper.Schedule.daemonThread(), leaseTtl, every)) {
            return new RunExecution(runIds.get(), job, store, json, clock, listener, options(RunExecution.Options.DEFAULT), own).execute();
        }
    }

    /**
     * Runs a run of the run queue that the caller claimed: its row is stored RUNNING
     * ({@link dev.junction.store.RunRepository#claim}) and the caller holds the sync's lease for
     * {@code runId}. The row is updated, never inserted, and keeps its id across attempts: a run
     * resumed after its process died first sends again, with their keys, the batches that process
     * left without a saved outcome, then reads from the sync's checkpoint, so no record's effect
     * happens twice. When {@code stop} is raised, the run stops after its batches in flight and is
     * stored QUEUED again (the returned record says QUEUED) to be resumed later with the same id.
     *
     * The lease is taken (again: the caller's own, same run and process) on the process's keeper.
     *
     * @throws IllegalStateException when the run is not stored RUNNING (claim it first)
     * @throws SyncAlreadyRunningException when another run holds the sync's lease
     */
    public RunRecord runClaimed(String runId, SyncJob job, RunListener listener, StopSignal stop) {
        java.util.Objects.requireNonNull(stop, "stop");
        return withLeases(keeper -> new RunExecution(runId, job, store, json, clock, listener, options(new RunExecution.Options(false, 0, stop)), keeper)
                .execute());
    }

    /**
     * Runs a backfill chunk: the job's source over the past range {@code range} (see
     * {@link BackfillRange}), as a run with trigger {@code backfill} that neither reads nor moves the
     * sync's live checkpoint, keeps progress of its own (a run of the same range that stopped resumes
     * from it) and never deletes. Takes the sync's lease like any run: it never overlaps the live sync.
     *
     * @throws SyncAlreadyRunningException when another live run of the sync (tenant) holds its lease
     * @throws IllegalArgumentException when the job neither reads incrementally nor is sliced
     */
    public RunRecord runBackfill(SyncJob job, BackfillRange range, RunListener listener) {
        java.util.Objects.requireNonNull(range, "range");
        return withLeases(keeper -> new RunExecution(runIds.get(), job.forBackfill(), store, json, clock, listener,
                options(new RunExecution.Options(false, 0, null, range)), keeper).execute());
    }

    /**
     * {@link #runClaimed} for a backfill chunk of the run queue: the run over {@code range} as
     * {@link #runBackfill} runs it, resumed from the chunk's progress when it was stopped before.
     */
    public RunRecord runClaimedBackfill(String runId, SyncJob job, BackfillRange range, RunListener listener, StopSignal stop) {
        java.util.Objects.requireNonNull(stop, "stop");
        java.util.Objects.requireNonNull(range, "range");
        return withLeases(keeper -> new RunExecution(runId, job.forBackfill(), store, json, clock, listener,
                options(new RunExecution.Options(false, 0, stop, range)), keeper).execute());
    }

    /**
     * Reads, maps and diffs like a run, but writes nothing and stores nothing (no run, fingerprints,
     * checkpoint or dead letters); returns the would-be counters and up to {@code samples} records
     * of each change.
     */
    public DryRun dryRun(SyncJob job, int samples, RunListener listener) {
        return withLeases(keeper -> {
            RunExecution execution = new RunExecution(runIds.get(), job, store, json, clock, listener, options(new RunExecution.Options(true, samples)), keeper);
            RunRecord run = execution.execute();
            return new DryRun(run, execution.samples());
        });
    }

    /**
     * Replays dead letters: a run with trigger {@code replay} whose source is the selected open dead
     * letters' source records, mapped with the job's (current) mapping and written through its
     * (current) connection, with the usual diff and write mode. Each dead letter the run accounts
     * for is marked replayed by it; one that fails again is a new open dead letter of that run.
     */
    public Replay replay(SyncJob job, DeadLetterSelection selection, RunListener listener) {
        if (!selection.sync().equals(job.sync())) {
            throw new IllegalArgumentException("the dead letters are of sync '" + selection.sync() + "', the job is of '" + job.sync() + "'");
        }
        if (!java.util.Objects.equals(selection.tenant(), job.tenant())) {
            throw new IllegalArgumentException("the dead letters are of tenant '" + selection.tenant() + "', the job runs for '" + job.tenant() + "'");
        }
        DeadLetterSource source = new DeadLetterSource(store, json, clock, selection, job.deletes() != null);
        RunRecord run = withLeases(keeper -> new RunExecution(runIds.get(), job.withSource(source, RunTriggers.REPLAY), store, json, clock, listener,
                options(RunExecution.Options.DEFAULT), keeper)
                .execute());
        return new Replay(run, source.unreplayable());
    }

    /**
     * Runs the job over records it is given instead of its source's: the records of inbox events,
     * for example. The run has trigger {@code trigger} (see {@link RunTriggers#readsGivenRecords}),
     * reads no checkpoint and moves none, and accounts for each record as any run does: mapped,
     * skipped when its fingerprint is unchanged, written in batches, or a dead letter with its
     * reason. {@code records} learns, through {@link RecordSource.Reader#accountedPages}, which of its
     * pages are accounted for; a page not accounted for when the run ends (it failed, say) is not.
     *
     * @throws SyncAlreadyRunningException when another live run of the sync (tenant) holds its lease
     * @throws IllegalArgumentException when the trigger is not one of given records
     */
    public RunRecord runGiven(SyncJob job, RecordSource records, String trigger, RunListener listener) {
        if (!RunTriggers.readsGivenRecords(trigger)) {
            throw new IllegalArgumentException("trigger '" + trigger + "' does not run given records; use one of webhook, poll, replay");
        }
        return withLeases(keeper -> new RunExecution(runIds.get(), job.withSource(records, trigger), store, json, clock, listener,
                options(RunExecution.Options.DEFAULT), keeper).execute());
    }

    /** Calls {@code work} with the process's keeper, or with one of its own closed afterwards. */
    private <T> T withLeases(Function<LeaseKeeper, T> work) {
        if (leases != null) {
            return work.apply(leases);
        }
        try (LeaseKeeper own = new LeaseKeeper(store.leases(), clock)) {
            return work.apply(own);
        }
    }

    /** A finished replay run, and the selected dead letters it could not map again (no source record stored). */
    public record Replay(RunRecord run, List<Long> unreplayable) {}
}
