package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.json.JsonPath;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.BackfillRange;
import dev.junction.sync.DryRun;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RecordSource;
import dev.junction.sync.RunListener;
import dev.junction.sync.RunLogContext;
import dev.junction.sync.StopSignal;
import dev.junction.sync.SyncJob;
import dev.junction.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of one sync, from start to its recorded end. Pages are read, mapped and diffed one after
 * another (a prefetchable source's next page is read meanwhile, see {@link PageAhead}); their
 * batches are written in parallel, bounded by the sync's concurrency. With a prefetchable source the
 * next page's batches start while the last ones of this page are still in flight
 * ({@link PagesInFlight}); any other source gets its next page once every batch of this one
 * finished. Either way the checkpoint never passes a record that is not written (or else accounted
 * for): see {@link CursorCheckpoint} for when it moves.
 *
 * <p>This class sets a run up, takes its lease and drives its read; the parts: {@link StreamPages}
 * or {@link PartitionPages} handle the pages read, {@link PageWriter} turns them into batches,
 * {@link BatchSubmitter} writes those, {@link RunStops} says whether the run stops, {@link RunProgress}
 * reports how far it got and {@link RunEnd} records how it ended.
 */
public final class RunExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    /** How many pages a prefetchable source is read ahead of the page being written. */
    static final int READ_AHEAD_PAGES = 1;
    /**
     * A system property, for the benchmark's baseline only: true writes each partition's pages in
     * batches of that page alone, as before {@link PartitionWrites}.
     */
    public static final String PAGE_AT_A_TIME = "junction.partitions.pageAtATime";
    private final String runId;
    private final SyncJob job;
    private final Store store;
    private final Clock clock;
    private final RunListener listener;
    private final WriteIntents intents;
    private final StoredFingerprints storedFingerprints;
    /** How the incremental reads of the run are followed; null for a full read. */
    private final CursorCheckpoint.Rules cursorRules;
    /** Why the checkpoint of a read declared sorted moved only at its end (the first such read), or null. */
    private final AtomicReference<String> unsorted = new AtomicReference<>();
    private final RunControl control;
    private final RunStops stops;
    private final RunProgress progress;
    private final LeaseKeeper keeper;
    private final Options options;
    private final DryRunSamples samples;
    private final MirrorDeletes mirror;
    private final RunSpans spans;
    /** A backfill's range and progress; null in a run of the live read. */
    private final BackfillState backfill;
    private final BatchSubmitter submitter;
    private final PageWriter writer;
    private final RunEnd end;

    /**
     * How to run: {@code dryRun} reads, maps and diffs but writes and stores nothing (and takes no
     * lease), keeping up to {@code samples} example records of each change. {@code queued} is null for
     * a new run; for a run of the queue already claimed (stored RUNNING), the signal that sends it back
     * to the queue: the run's row is then updated rather than inserted. {@code backfill} is null for a
     * run of the sync's live read; else the past range the run reads instead (see {@link BackfillState}).
     * {@code tracing} is where the run's spans go ({@link RunSpans}).
     */
    public record Options(boolean dryRun, int samples, StopSignal queued, BackfillRange backfill, Tracing tracing) {
        public static final Options DEFAULT = new Options(false, 0, null);

        public Options {
            tracing = tracing == null ? Tracing.off() : tracing;
        }

        public Options(boolean dryRun, int samples, StopSignal queued, BackfillRange backfill) {
            this(dryRun, samples, queued, backfill, Tracing.off());
        }

        /** The same options, with the run's spans going to {@code value}. */
        public Options withTracing(Tracing value) {
            return new Options(dryRun, samples, queued, backfill, value);
        }

        public Options(boolean dryRun, int samples) {
            this(dryRun, samples, null);
        }

        public Options(boolean dryRun, int samples, StopSignal queued) {
            this(dryRun, samples, queued, null);
        }
    }

    /** {@code leases} keeps the sync's lease while the run lasts. */
    public RunExecution(String runId, SyncJob job, Store store, ObjectMapper json, Clock clock, RunListener listener, LeaseKeeper leases) {
        this(runId, job, store, json, clock, listener, Options.DEFAULT, leases);
    }

    public RunExecution(String runId, SyncJob job, Store store, ObjectMapper json, Clock clock, RunListener listener, Options options,
            LeaseKeeper leases) {
        this.options = options;
        this.spans = new RunSpans(options.tracing());
        this.samples = new DryRunSamples(options.samples());
        this.keeper = leases;
        this.control = new RunControl(runId, job.stateKey(), store, clock, job.limits(), leases);
        this.stops = new RunStops(control, options.dryRun(), options.queued());
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        LiveCounters counters = new LiveCounters(job.metrics());
        this.progress = new RunProgress(runId, store, listener, counters, clock);
        this.intents = new WriteIntents(store, json, clock, job.stateKey(), runId, job.sink().takesIdempotencyKey(), options.dryRun());
        this.cursorRules = job.cursorField() == null ? null : new CursorCheckpoint.Rules(JsonPath.parse(job.cursorField()),
                job.sourceKey() == null ? null : JsonPath.parse(job.sourceKey()), job.cursorField(), job.source().sortedByCursor(),
                note -> unsorted.compareAndSet(null, note));
        int batchSize = Math.max(1, Math.min(job.batch().size(), job.sink().maxBatchSize()));
        Batches.ByteLimit maxBytes = Batches.ByteLimit.of(job.batch().maxBytes(), job.sink().maxBatchBytes());
        RunFailures failures = new RunFailures(runId, job, store, clock, counters, samples, options.dryRun(), control, stops::stop);
        this.mirror = job.deletes() == null ? null : new MirrorDeletes(runId, job.stateKey(), job.destinationKey(), job.deletes(), job.batch().size(),
                job.batch().concurrency(), store, json, clock, counters, samples, options.dryRun(),
                (key, reason, errorClass, payload) -> failures.add(key, reason, errorClass, payload, null, DeadLetter.Kind.DELETE), stops::stopped);
        BatchWrite.DeadLetters writeFailed = (key, reason, errorClass, payload, source) -> failures.add(key, reason, errorClass, payload, source,
                DeadLetter.Kind.WRITE);
        BatchWrite batchWrite = new BatchWrite(job.sink(), intents, counters, runId, writeFailed);
        this.backfill = options.backfill() == null ? null : backfill(options.backfill(), job, store, clock);
        this.storedFingerprints = new StoredFingerprints(store.fingerprints(), job.stateKey());
        PageDiff diff = new PageDiff(job, counters, new Fingerprints(json), writeFailed, this::unkeyed, stops::stopped,
                backfill == null ? null : backfill::outside);
        this.submitter = new BatchSubmitter(job.batch().concurrency(), batchWrite, spans, stops, progress);
        this.writer = new PageWriter(diff, storedFingerprints, mirror, submitter, stops, counters, samples, batchSize, maxBytes, options.dryRun());
        this.end = new RunEnd(runId, job, store, clock, stops, counters, backfill, this::note, options.dryRun());
    }

    /**
     * A backfill's state: the job must read incrementally (a cursor field) or be cut by date (slices).
     *
     * @throws IllegalArgumentException when it is neither
     */
    private static BackfillState backfill(BackfillRange range, SyncJob job, Store store, Clock clock) {
        dev.junction.sync.Partitions partitions = job.source().partitions();
        boolean sliced = partitions != null && partitions.within(range.from(), range.to()) != null;
        if (job.cursorField() == null && !sliced) {
            throw new IllegalArgumentException(SyncJob.describeStateKey(job.stateKey()) + " reads stream '" + job.stream()
                    + "' in full and the stream is not sliced; a backfill reads a past range of an incremental stream (source.mode: incremental)"
                    + " or a sliced stream (slice:)");
        }
        return new BackfillState(range, store, clock, job.stateKey(), job.stream(), job.cursorField(), sliced, job.source().sortedByCursor());
    }

    /**
     * Runs to the end and records the run. @throws dev.junction.sync.SyncAlreadyRunningException
     *     when another run of the sync holds its lease (a dry run takes no lease)
     */
    public RunRecord execute() {
        // every log line of the run, on this thread and on the threads it starts (writers, readers), names the run; so does every span
        Span span = spans.started(runId, job, options.dryRun());
        RunRecord run = null;
        try (RunLogContext tags = RunLogContext.run(runId, job.sync(), job.tenant()); Scope scope = span.makeCurrent()) {
            if (!options.dryRun()) {
                control.acquire(stops::stop);
            }
            try (control) {
                run = executeLeased();
            }
            logEnd(run); // once the lease is released: whoever sees the run ended finds its sync free
            return run;
        } finally {
            if (run != null) {
                spans.ended(span, run);
            } else {
                span.end(); // the sync was busy, or the store failed
            }
        }
    }

    private static void logEnd(RunRecord run) {
        RunCounters c = run.counters();
        LOG.info("Run {} ended {}: read {}, inserted {}, updated {}, unchanged {}, skipped {}, failed {}, deleted {}", run.id(),
                run.status().name().toLowerCase(java.util.Locale.ROOT), c.read(), c.inserted(), c.updated(), c.unchanged(), c.skipped(), c.failed(),
                c.deleted());
    }

    /** The samples a dry run collected, in the order seen. */
    public List<DryRun.Sample> samples() {
        return samples.all();
    }

    private RunRecord executeLeased() {
        Instant startedAt = clock.instant();
        RunRecord claimed = options.queued() == null ? null : claimed();
        if (!options.dryRun()) {
            StaleRuns.abandon(store, keeper, job.sync(), job.tenant(), runId, control.replaced(), startedAt);
            if (claimed == null) {
                store.runs().start(runId, job.sync(), job.tenant(), job.trigger(), startedAt);
            } else {
                startedAt = claimed.startedAt();
            }
        }
        control.start(startedAt);
        // the last run's read count (see LastRun), the estimate when the source gives none
        ExpectedTotal lastRun = dev.junction.sync.RunTriggers.readsGivenRecords(job.trigger()) || backfill != null ? null : cursorRules != null ? LastRun.incremental(store, job.sync(), job.tenant())
                : LastRun.total(store, job.sync(), job.tenant());
        progress.started(startedAt, lastRun);
        listener.started(runId, job.sync());
        LOG.info("Run {} of {} started (trigger {}{})", runId, SyncJob.describeStateKey(job.stateKey()), job.trigger(), options.dryRun() ? ", dry run" : "");
        try (ExecutorService writers = Executors.newThreadPerTaskExecutor(RunLogContext.virtualThreads())) { // writers log with the run's tags
            readAndWrite(writers);
        } catch (RuntimeException e) {
            stops.fail(e);
        }
        RunRecord run = end.record(claimed, startedAt);
        listener.finished(run);
        return run;
    }

    /** What the run's record says when nothing stopped it: why mode mirror deleted nothing, or why a sorted read's checkpoint moved only at its end. */
    private String note() {
        return mirror != null && mirror.note() != null ? mirror.note() : unsorted.get();
    }

    /** The stored run a queued run's execution continues: it must have been claimed (RUNNING). */
    private RunRecord claimed() {
        RunRecord run = store.runs().find(runId).orElseThrow(() -> new IllegalStateException(
                "queued run '" + runId + "' of " + SyncJob.describeStateKey(job.stateKey()) + " is not in the store; enqueue and claim it first"));
        if (run.status() != RunStatus.RUNNING) {
            throw new IllegalStateException("queued run '" + runId + "' of " + SyncJob.describeStateKey(job.stateKey()) + " is "
                    + run.status().name().toLowerCase(java.util.Locale.ROOT) + ", not running; claim it before running it");
        }
        return run;
    }

    private void readAndWrite(ExecutorService writers) {
        // batches a killed process may have sent: send each again with its key, before reading
        intents.recover(job.sink());
        storedFingerprints.start();
        if (job.source().partitions() != null) {
            PartitionPages pages = new PartitionPages(writers, job.batch().concurrency(), writer, submitter, stops, progress, spans, options.dryRun());
            Optional.ofNullable(mirror).ifPresent(MirrorDeletes::start);
            stops.check();
            new PartitionedRead(job.stateKey(), job.stream(), runId, store, clock, job.source().partitions(), cursorRules, options.dryRun(),
                    pages, backfill).run();
            deleteGone(true);
            return;
        }
        // a backfill starts at its range (or its own progress) and keeps its progress apart from the live checkpoint
        String start = cursorRules == null ? null : backfill != null ? backfill.start()
                : store.checkpoints().find(job.stateKey(), job.stream(), "").orElse(null);
        CursorCheckpoint checkpoint = cursorRules == null ? null : cursorRules.start("stream '" + job.stream() + "'", start, options.dryRun() ? value -> {}
                : backfill != null ? backfill::save : this::saveCheckpoint);
        Optional.ofNullable(mirror).ifPresent(MirrorDeletes::start);
        stops.check();
        // the next page is read while this one is written; the checkpoint still only moves past written pages
        RecordSource.Reader opened = spans.pages(job.source().open(start, runId));
        boolean readToTheEnd;
        try (PageAhead reader = PageAhead.of(backfill == null ? opened : backfill.bounded(opened), READ_AHEAD_PAGES)) {
            progress.reading(reader);
            readToTheEnd = new StreamPages(reader, checkpoint, writer, stops, progress, options.dryRun()).writeAll(writers);
        }
        if (readToTheEnd && checkpoint != null && !stops.stopped()) {
            checkpoint.ended();
        }
        deleteGone(readToTheEnd);
    }

    /** Saves the stream's checkpoint (partition {@code ""}); null removes it. */
    private void saveCheckpoint(String value) {
        if (value == null) {
            store.checkpoints().delete(job.stateKey(), job.stream(), "");
        } else {
            store.checkpoints().save(job.stateKey(), job.stream(), "", value, clock.instant());
        }
    }

    /** Mirror mode, once the read finished: deletes what it no longer returned (or retries the deletes a replay selected). */
    private void deleteGone(boolean readToTheEnd) {
        if (mirror != null && readToTheEnd && !stops.stopped()) {
            Optional.ofNullable(mirror.afterRead(job.source())).ifPresent(stops::stop);
            progress.report();
        }
    }

    private void unkeyed() {
        Optional.ofNullable(mirror).ifPresent(MirrorDeletes::unkeyed);
    }
}
