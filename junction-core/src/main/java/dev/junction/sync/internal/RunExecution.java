package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.json.JsonPath;
import dev.junction.store.DeadLetter;
import dev.junction.store.ErrorClass;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of one sync, from start to its recorded end. Pages are read, mapped and diffed one after
 * another (a prefetchable source's next page is read meanwhile, see {@link PageAhead}); their
 * batches are written in parallel, bounded by the sync's concurrency. With a prefetchable source the
 * next page's batches start while the last ones of this page are still in flight
 * ({@link PagesInFlight}); any other source gets its next page once every batch of this one
 * finished. Either way the checkpoint never passes a record that is not written (or else accounted
 * for): see {@link CursorCheckpoint} for when it moves.
 */
public final class RunExecution implements PartitionedRead.Pages {
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
    private final LiveCounters counters;
    private final WriteIntents intents;
    private final PageDiff diff;
    private final StoredFingerprints storedFingerprints;
    /** How the incremental reads of the run are followed; null for a full read. */
    private final CursorCheckpoint.Rules cursorRules;
    /** Why the checkpoint of a read declared sorted moved only at its end (the first such read), or null. */
    private final AtomicReference<String> unsorted = new AtomicReference<>();
    private final int batchSize;
    private final Batches.ByteLimit maxBytes;
    private final Semaphore inFlight;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    /** How each failure {@link #describe}d so far was classified, by its text: the one that became {@link #fatal} is the run's. */
    private final Map<String, ErrorClass> classified = new java.util.concurrent.ConcurrentHashMap<>();
    private final RunControl control;
    private final LeaseKeeper keeper;
    private final Options options;
    private final DryRunSamples samples;
    private final MirrorDeletes mirror;
    private final BatchWrite batchWrite;
    private final RunSpans spans;
    /** A backfill's range and progress; null in a run of the live read. */
    private final BackfillState backfill;
    private volatile boolean cancelled;
    /** Whether the run stopped for its process's {@link StopSignal}: it goes back to the queue. */
    private volatile boolean requeued;
    /** Whether the run stopped because a partition's read (or the listing of partitions) failed. */
    private volatile boolean readFailed;
    private ExecutorService partitionWriters;
    /** The batches shared by the partitions of a partitioned source (null: each page its own). */
    private PartitionWrites shared;
    private Instant startedAt;
    /** The source's reader and the checkpoint of its read (null: a full read), both of the run's thread. */
    private volatile PageAhead reader;
    private CursorCheckpoint checkpoint;
    /** The last run's read count (see {@link LastRun}), the estimate when the source gives none. */
    private ExpectedTotal lastRun;

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
        this.control = new RunControl(runId, job.stateKey(), store, clock, job.limits(), leases, reason -> fatal.compareAndSet(null, reason));
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.counters = new LiveCounters(job.metrics());
        this.intents = new WriteIntents(store, json, clock, job.stateKey(), runId, job.sink().takesIdempotencyKey(), options.dryRun());
        this.cursorRules = job.cursorField() == null ? null : new CursorCheckpoint.Rules(JsonPath.parse(job.cursorField()),
                job.sourceKey() == null ? null : JsonPath.parse(job.sourceKey()), job.cursorField(), job.source().sortedByCursor(),
                note -> unsorted.compareAndSet(null, note));
        this.batchSize = Math.max(1, Math.min(job.batch().size(), job.sink().maxBatchSize()));
        this.maxBytes = Batches.ByteLimit.of(job.batch().maxBytes(), job.sink().maxBatchBytes());
        this.inFlight = new Semaphore(job.batch().concurrency());
        RunFailures failures = new RunFailures(runId, job, store, clock, counters, samples, options.dryRun(), control,
                reason -> fatal.compareAndSet(null, reason));
        this.mirror = job.deletes() == null ? null : new MirrorDeletes(runId, job.stateKey(), job.destinationKey(), job.deletes(), job.batch().size(),
                job.batch().concurrency(), store, json, clock, counters, samples, options.dryRun(),
                (key, reason, errorClass, payload) -> failures.add(key, reason, errorClass, payload, null, DeadLetter.Kind.DELETE), this::stopped);
        BatchWrite.DeadLetters writeFailed = (key, reason, errorClass, payload, source) -> failures.add(key, reason, errorClass, payload, source,
                DeadLetter.Kind.WRITE);
        this.batchWrite = new BatchWrite(job.sink(), intents, counters, runId, writeFailed);
        this.backfill = options.backfill() == null ? null : backfill(options.backfill(), job, store, clock);
        this.storedFingerprints = new StoredFingerprints(store.fingerprints(), job.stateKey());
        this.diff = new PageDiff(job, counters, new Fingerprints(json), writeFailed, this::unkeyed, this::stopped,
                backfill == null ? null : backfill::outside);
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
                control.acquire();
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
        startedAt = clock.instant();
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
        lastRun = dev.junction.sync.RunTriggers.readsGivenRecords(job.trigger()) || backfill != null ? null : cursorRules != null ? LastRun.incremental(store, job.sync(), job.tenant())
                : LastRun.total(store, job.sync(), job.tenant());
        listener.started(runId, job.sync());
        LOG.info("Run {} of {} started (trigger {}{})", runId, SyncJob.describeStateKey(job.stateKey()), job.trigger(), options.dryRun() ? ", dry run" : "");
        try (ExecutorService writers = Executors.newThreadPerTaskExecutor(RunLogContext.virtualThreads())) { // writers log with the run's tags
            readAndWrite(writers);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, describe(e));
        }
        RunCounters finalCounters = counters.snapshot();
        String error = fatal.get();
        RunStatus status = error != null ? RunStatus.FAILED
                : cancelled ? RunStatus.CANCELLED
                : requeued ? RunStatus.QUEUED
                : finalCounters.failed() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        if (status == RunStatus.CANCELLED) {
            error = "cancelled on request; records written before stay written, the rest are sent by the next run";
        } else if (status == RunStatus.QUEUED) {
            error = "stopped by the shutdown of the process running it; queued again, to resume from the last checkpoint";
        } else if (error == null && mirror != null && mirror.note() != null) {
            error = mirror.note();
        } else if (error == null) {
            error = unsorted.get();
        }
        if (backfill != null && !options.dryRun() && (status == RunStatus.SUCCEEDED || status == RunStatus.PARTIAL)) {
            backfill.clear(); // read to its end: a later backfill of the range reads it again
            error = error == null ? backfill.note() : backfill.note() + "; " + error;
        }
        Instant finishedAt = status == RunStatus.QUEUED ? null : clock.instant();
        String fatalText = fatal.get();
        ErrorClass errorClass = status == RunStatus.FAILED && fatalText != null ? classified.get(fatalText) : null;
        // fenced by attempt: should this process have been judged dead meanwhile (its run abandoned, or queued again and resumed
        // by another process), what it says now does not overwrite what happened since
        int attempt = claimed != null && claimed.queued() != null ? claimed.queued().attempt() : 1;
        boolean recorded = true;
        if (status == RunStatus.QUEUED) {
            recorded = store.runs().requeueAttempt(runId, attempt, finalCounters, error);
        } else if (!options.dryRun()) {
            recorded = store.runs().finishAttempt(runId, attempt, status, finalCounters, error, errorClass, finishedAt);
        }
        if (!recorded) {
            LOG.warn("Run {} ended {} here, but the store already says otherwise (it was judged dead and abandoned or resumed elsewhere);"
                    + " its record is left as it is", runId, status);
        }
        RunRecord run = claimed != null ? claimed.ended(status, finishedAt, finalCounters, error, errorClass)
                : new RunRecord(runId, job.sync(), job.trigger(), status, startedAt, finishedAt, finalCounters, error, job.tenant(), null, errorClass);
        listener.finished(run);
        return run;
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
            partitionWriters = writers;
            if (!options.dryRun() && !Boolean.getBoolean(PAGE_AT_A_TIME)) {
                // records buffered across partitions: the batches in flight, one being cut, one waiting for a slot
                int budget = batchSize * (job.batch().concurrency() + 2);
                shared = new PartitionWrites(new Batches(batchSize, maxBytes.bytes()), budget, (batch, last, ended) -> submit(writers, batch, last, ended),
                        this::stopped, e -> fatal.compareAndSet(null, describe(e)));
            }
            Optional.ofNullable(mirror).ifPresent(MirrorDeletes::start);
            checkControls();
            new PartitionedRead(job.stateKey(), job.stream(), runId, store, clock, job.source().partitions(), cursorRules, options.dryRun(),
                    this, backfill).run();
            deleteGone(true);
            return;
        }
        // a backfill starts at its range (or its own progress) and keeps its progress apart from the live checkpoint
        String start = cursorRules == null ? null : backfill != null ? backfill.start()
                : store.checkpoints().find(job.stateKey(), job.stream(), "").orElse(null);
        checkpoint = cursorRules == null ? null : cursorRules.start("stream '" + job.stream() + "'", start, options.dryRun() ? value -> {}
                : backfill != null ? backfill::save : this::saveCheckpoint);
        List<JsonNode> page = null;
        Optional.ofNullable(mirror).ifPresent(MirrorDeletes::start);
        checkControls();
        // the next page is read while this one is written; the checkpoint still only moves past written pages
        RecordSource.Reader opened = spans.pages(job.source().open(start, runId));
        try (PageAhead reader = PageAhead.of(backfill == null ? opened : backfill.bounded(opened), READ_AHEAD_PAGES)) {
            this.reader = reader;
            // a reader that must be told in step when its pages are accounted for gets them one page at a time; mirror mode
            // overlaps pages too, since it marks a page's keys seen only when the page is accounted for (pagesFinished)
            boolean overlap = reader.prefetchable();
            PagesInFlight pages = new PagesInFlight(e -> fatal.compareAndSet(null, describe(e)));
            try {
                while (!stopped() && (page = reader.nextPage()) != null) {
                    writePage(page, checkpoint == null ? null : checkpoint.read(page), writers, pages);
                    pagesFinished(pages.finish(!overlap));
                    reportProgress();
                    checkControls();
                }
            } finally {
                // also when a read fails: the pages before it are written, and a sorted read's checkpoint moves past them
                pagesFinished(pages.finish(true));
            }
        }
        if (page == null && checkpoint != null && !stopped()) {
            checkpoint.ended();
        }
        deleteGone(page == null);
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
        if (mirror != null && readToTheEnd && !stopped()) {
            Optional.ofNullable(mirror.afterRead(job.source())).ifPresent(refused -> fatal.compareAndSet(null, refused));
            reportProgress();
        }
    }

    // the run's page handling, for the partitions of a partitioned source (read on several threads, a page at a time each)
    @Override
    public void write(List<JsonNode> page, Runnable accounted) {
        if (shared != null) {
            writeShared(page, accounted);
            return;
        }
        PagesInFlight inFlight = new PagesInFlight(e -> fatal.compareAndSet(null, describe(e)));
        writePage(page, null, partitionWriters, inFlight);
        PagesInFlight.Finished finished = inFlight.finish(true);
        if (!options.dryRun()) {
            store.runs().updateCounters(runId, counters.snapshot());
        }
        markSeen(finished.seen());
        if (!stopped()) {
            accounted.run();
        }
    }

    /** A partition's page into the batches shared by every partition ({@link PartitionWrites}). */
    private void writeShared(List<JsonNode> page, Runnable accounted) {
        PageDiff.Mapping mapping = diff.map(page);
        Map<String, PageDiff.Mapped> mapped = mapping.records();
        if (mapping.complete() && shared.reserve(mapped.keySet())) {
            Map<String, String> stored = storedFingerprints.find(mapped.keySet());
            Map<String, Pending> byKey = diff.changes(mapped, stored, new Batches(batchSize, maxBytes.bytes()), maxBytes);
            List<String> seen = mirror == null ? List.of() : List.copyOf(mapped.keySet());
            // runs on the thread that wrote the page's last record; mirror mode marks its keys seen first
            shared.add(byKey.values(), mapped.keySet(), () -> {
                markSeen(seen);
                accounted.run();
            });
        }
    }

    @Override
    public RecordSource.Reader traced(RecordSource.Reader reader) {
        return spans.pages(reader);
    }

    @Override
    public void drain() {
        if (shared != null) {
            shared.drain();
        }
    }

    @Override
    public void between() {
        reportProgress();
        checkControls();
    }

    @Override
    public void fail(Throwable error) {
        if (fatal.compareAndSet(null, describe(error))) {
            readFailed = true;
        }
    }

    /** After pages finished: their records are all written or dead-lettered, so a sorted read's checkpoint may move past them. */
    private void pagesFinished(PagesInFlight.Finished finished) {
        if (!finished.any()) {
            return;
        }
        if (!options.dryRun()) {
            store.runs().updateCounters(runId, counters.snapshot());
        }
        if (stopped()) {
            return;
        }
        markSeen(finished.seen());
        if (options.dryRun()) {
            return;
        }
        reader.accountedThrough(finished.pages());
        if (checkpoint != null && finished.mark() != null) {
            checkpoint.accounted(finished.mark());
        }
    }

    /** Mode mirror: the keys of pages accounted for are seen; not once the run stopped (it deletes nothing then). */
    private void markSeen(List<String> keys) {
        if (mirror != null && !keys.isEmpty() && !stopped()) {
            mirror.seen(keys);
        }
    }

    @Override
    public boolean stopped() {
        return fatal.get() != null || cancelled || requeued;
    }

    /** Between pages and batches: the run's timeout, and whether someone asked it to stop. */
    private void checkControls() {
        if (stopped()) {
            return;
        }
        String timedOut = control.timedOut();
        if (timedOut != null) {
            fatal.compareAndSet(null, timedOut);
        } else if (!options.dryRun() && control.cancelRequested()) {
            cancelled = true;
        } else if (options.queued() != null && options.queued().raised()) {
            requeued = true;
        }
    }

    /**
     * Writes a page, handing its batches (and in mode mirror the destination keys of its mapped records) to {@code pages},
     * with its {@code mark} in the incremental read (null: none).
     */
    private void writePage(List<JsonNode> page, CursorCheckpoint.Mark mark, ExecutorService writers, PagesInFlight pages) {
        PageDiff.Mapping mapping = diff.map(page);
        if (!mapping.complete()) {
            return;
        }
        Map<String, PageDiff.Mapped> mapped = mapping.records();
        List<String> seen = mirror == null ? List.of() : List.copyOf(mapped.keySet());
        if (pages.holdsAny(mapped.keySet())) {
            // an older version of one of these records is still being written: let it land first
            pagesFinished(pages.finish(true));
        }
        Map<String, String> stored = storedFingerprints.find(mapped.keySet());
        Batches cutter = new Batches(batchSize, maxBytes.bytes());
        Map<String, Pending> byKey = diff.changes(mapped, stored, cutter, maxBytes);
        if (options.dryRun()) {
            for (Pending p : byKey.values()) {
                (p.known() ? counters.updated : counters.inserted).increment();
                samples.offer(p.known() ? DryRun.Change.UPDATE : DryRun.Change.INSERT, p.key(), p.record(), null);
            }
            pages.add(List.of(), List.of(), mark, seen); // nothing to wait for: finished at once
            return;
        }
        pages.add(submitAll(byKey.values(), cutter, writers), byKey.keySet(), mark, seen);
    }

    /**
     * Cuts a page's changed records into batches and submits them. A loop of its own: in {@link #writePage}
     * it had the JIT compile that whole method a second time on-stack (0.6 s of C2 time per JVM).
     */
    private List<Future<?>> submitAll(Collection<Pending> changed, Batches cutter, ExecutorService writers) {
        List<Future<?>> batches = new ArrayList<>();
        for (Pending pending : changed) {
            if (cutter.isEmpty()) {
                checkControls();
                if (stopped()) {
                    break;
                }
            }
            List<Pending> full = cutter.add(pending);
            if (full != null) {
                batches.add(submit(writers, full, false, null));
            }
        }
        List<Pending> rest = cutter.take();
        if (!rest.isEmpty() && !stopped()) {
            batches.add(submit(writers, rest, false, null));
        }
        return batches;
    }

    /**
     * Writes a batch, at most the sync's concurrency at once; not once the run stopped, unless it is the {@code last} of a
     * partitioned read that stopped for a failed read. {@code ended} (may be null) is told whether it was written.
     */
    private Future<?> submit(ExecutorService writers, List<Pending> batch, boolean last, Consumer<Boolean> ended) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
        return writers.submit(() -> {
            boolean written = false;
            try {
                if (!stopped() || last && readFailed && !cancelled) {
                    spans.batch(batch.size(), () -> batchWrite.write(batch));
                    written = true;
                    LOG.debug("Wrote a batch of {} records", batch.size()); // counts only: no record content in logs
                }
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, describe(e));
            } finally {
                inFlight.release();
                if (ended != null) {
                    try {
                        ended.accept(written); // the partitions' checkpoints move past what it wrote
                        store.runs().updateCounters(runId, counters.snapshot());
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, describe(e));
                    }
                }
                reportProgress();
            }
        });
    }

    private void unkeyed() {
        Optional.ofNullable(mirror).ifPresent(MirrorDeletes::unkeyed);
    }

    private void reportProgress() {
        RunCounters snapshot = counters.snapshot();
        RecordSource.Reader current = reader;
        ExpectedTotal fromSource = current == null ? null : current.expected();
        listener.progress(snapshot, Duration.between(startedAt, clock.instant()), fromSource != null ? fromSource : lastRun);
    }

    /** The failure's text; its class, when it has one, is kept for the run's record should it become the run's error. */
    private String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        ErrorClass errorClass = ErrorClasses.of(e);
        if (errorClass != null) {
            classified.putIfAbsent(text, errorClass);
        }
        return text;
    }
}
