package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.JsonPath;
import dev.junction.mapping.MappingException;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.DryRun;
import dev.junction.sync.RecordSink;
import dev.junction.sync.RecordSource;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncJob;
import dev.junction.spec.SyncSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of one sync, from start to its recorded end. Pages are processed one after another (a
 * prefetchable source's next page is read meanwhile, see {@link PageAhead}); the batches of a page
 * are written in parallel (bounded by the sync's concurrency) and all of them finish before the
 * checkpoint moves and the next page starts.
 */
public final class RunExecution {
    /** How many pages a prefetchable source is read ahead of the page being written. */
    static final int READ_AHEAD_PAGES = 1;
    private final String runId;
    private final SyncJob job;
    private final Store store;
    private final Clock clock;
    private final RunListener listener;
    private final LiveCounters counters;
    private final Fingerprints fingerprints;
    private final WriteIntents intents;
    private final JsonPath keyPath;
    private final JsonPath sourceKeyPath;
    private final JsonPath cursorPath;
    private final int batchSize;
    private final Semaphore inFlight;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final RunControl control;
    private final Options options;
    private final DryRunSamples samples;
    private volatile boolean cancelled;
    private Instant startedAt;

    /**
     * How to run: {@code dryRun} reads, maps and diffs but writes and stores nothing, keeping up to
     * {@code samples} example records of each change; {@code leaseTtl} is how long the sync's lease
     * lasts without renewal (it is renewed every third of that).
     */
    public record Options(boolean dryRun, int samples, Duration leaseTtl) {
        public static final Options DEFAULT = new Options(false, 0, Duration.ofSeconds(60));
    }

    public RunExecution(String runId, SyncJob job, Store store, ObjectMapper json, Clock clock, RunListener listener) {
        this(runId, job, store, json, clock, listener, Options.DEFAULT);
    }

    public RunExecution(String runId, SyncJob job, Store store, ObjectMapper json, Clock clock, RunListener listener, Options options) {
        this.options = options;
        this.samples = new DryRunSamples(options.samples());
        this.control = new RunControl(runId, job.sync(), store, clock, job.limits(), options.leaseTtl());
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.counters = new LiveCounters(job.metrics());
        this.fingerprints = new Fingerprints(json);
        this.intents = new WriteIntents(store, json, clock, job.sync(), runId, job.sink().takesIdempotencyKey(), options.dryRun());
        this.keyPath = JsonPath.parse(job.destinationKey());
        this.sourceKeyPath = job.sourceKey() == null ? null : JsonPath.parse(job.sourceKey());
        this.cursorPath = job.cursorField() == null ? null : JsonPath.parse(job.cursorField());
        this.batchSize = Math.max(1, Math.min(job.batch().size(), job.sink().maxBatchSize()));
        this.inFlight = new Semaphore(job.batch().concurrency());
    }

    /**
     * Runs to the end and records the run. @throws dev.junction.sync.SyncAlreadyRunningException
     *     when another run of the sync holds its lease (a dry run takes no lease)
     */
    public RunRecord execute() {
        if (!options.dryRun()) {
            control.acquire();
        }
        try (control) {
            return executeLeased();
        }
    }

    /** The samples a dry run collected, in the order seen. */
    public List<DryRun.Sample> samples() {
        return samples.all();
    }

    private RunRecord executeLeased() {
        startedAt = clock.instant();
        if (!options.dryRun()) {
            StaleRuns.fail(store, job.sync(), runId, startedAt);
            store.runs().start(runId, job.sync(), job.trigger(), startedAt);
        }
        control.start(startedAt, reason -> fatal.compareAndSet(null, reason));
        listener.started(runId, job.sync());
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            readAndWrite(writers);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, describe(e));
        }
        RunCounters finalCounters = counters.snapshot();
        String error = fatal.get();
        RunStatus status = error != null ? RunStatus.FAILED
                : cancelled ? RunStatus.CANCELLED
                : finalCounters.failed() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        if (status == RunStatus.CANCELLED) {
            error = "cancelled on request; records written before stay written, the rest are sent by the next run";
        }
        Instant finishedAt = clock.instant();
        if (!options.dryRun()) {
            store.runs().finish(runId, status, finalCounters, error, finishedAt);
        }
        RunRecord run = new RunRecord(runId, job.sync(), job.trigger(), status, startedAt, finishedAt, finalCounters, error);
        listener.finished(run);
        return run;
    }

    private void readAndWrite(ExecutorService writers) {
        // batches a killed process may have sent: send each again with its key, before reading
        intents.recover(job.sink());
        String checkpoint = cursorPath == null ? null : store.checkpoints().find(job.sync(), job.stream(), "").orElse(null);
        String highest = checkpoint;
        List<JsonNode> page;
        checkControls();
        // the next page is read while this one is written; the checkpoint still only moves past written pages
        try (PageAhead reader = PageAhead.of(job.source().open(checkpoint, runId), READ_AHEAD_PAGES)) {
            while (!stopped() && (page = reader.nextPage()) != null) {
                highest = writePage(page, highest, writers);
                if (!stopped() && !options.dryRun()) {
                    // every record of this page and the ones before is now written or dead-lettered
                    reader.accounted();
                    if (highest != null && !highest.equals(checkpoint)) {
                        store.checkpoints().save(job.sync(), job.stream(), "", highest, clock.instant());
                        checkpoint = highest;
                    }
                }
                reportProgress();
                checkControls();
            }
        }
    }

    private boolean stopped() {
        return fatal.get() != null || cancelled;
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
        }
    }

    private String writePage(List<JsonNode> page, String highest, ExecutorService writers) {
        Map<String, Pending> byKey = new LinkedHashMap<>();
        Map<String, Mapped> mapped = new LinkedHashMap<>();
        for (JsonNode raw : page) {
            if (stopped()) {
                return highest; // aborted (or onRowError: fail) by a record of this page: the rest stay unread
            }
            counters.read.increment();
            highest = higher(highest, raw);
            ObjectNode record;
            try {
                record = job.mapper().map(raw);
            } catch (MappingException e) {
                deadLetter(sourceLabel(raw), "mapping failed: " + e.getMessage(), null, raw);
                continue;
            }
            JsonNode key = keyPath.find(record);
            if (key.isMissingNode() || key.isNull() || key.asText().isEmpty()) {
                deadLetter(sourceLabel(raw), "the mapped record has no value for the destination key '" + job.destinationKey() + "'", record, raw);
                continue;
            }
            if (mapped.put(key.asText(), new Mapped(record, raw)) != null) {
                // a later version of the same key in the same page supersedes the earlier one
                counters.unchanged.increment();
            }
        }
        Map<String, String> stored = mapped.isEmpty() ? Map.of() : store.fingerprints().find(job.sync(), mapped.keySet());
        mapped.forEach((key, m) -> {
            String fingerprint = fingerprints.of(m.record());
            boolean known = stored.containsKey(key);
            if (fingerprint.equals(stored.get(key))) {
                counters.unchanged.increment();
            } else if (job.writeMode() == SyncSpec.WriteMode.INSERT && known || job.writeMode() == SyncSpec.WriteMode.UPDATE && !known) {
                counters.skipped.increment();
            } else {
                byKey.put(key, new Pending(key, m.record(), fingerprint, known, m.source()));
            }
        });
        if (options.dryRun()) {
            for (Pending p : byKey.values()) {
                (p.known() ? counters.updated : counters.inserted).increment();
                samples.offer(p.known() ? DryRun.Change.UPDATE : DryRun.Change.INSERT, p.key(), p.record(), null);
            }
            return highest;
        }
        List<Future<?>> batches = new ArrayList<>();
        List<Pending> batch = new ArrayList<>(batchSize);
        for (Pending pending : byKey.values()) {
            if (batch.isEmpty()) {
                checkControls();
                if (stopped()) {
                    break;
                }
            }
            batch.add(pending);
            if (batch.size() == batchSize) {
                batches.add(submit(writers, batch));
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty() && !stopped()) {
            batches.add(submit(writers, batch));
        }
        awaitAll(batches);
        return highest;
    }

    private Future<?> submit(ExecutorService writers, List<Pending> batch) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
        return writers.submit(() -> {
            try {
                if (!stopped()) {
                    writeBatch(batch);
                }
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, describe(e));
            } finally {
                inFlight.release();
                reportProgress();
            }
        });
    }

    private void writeBatch(List<Pending> batch) {
        List<JsonNode> records = new ArrayList<>(batch.size());
        List<String> keys = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            records.add(p.record());
            keys.add(p.key());
        }
        List<RecordSink.Outcome> outcomes;
        String idempotencyKey = intents.open(batch);
        try {
            outcomes = job.sink().write(records, keys, runId, idempotencyKey);
        } catch (BatchRejectedException e) {
            intents.refused(idempotencyKey);
            if (batch.size() == 1) {
                deadLetter(batch.getFirst().key(), e.getMessage(), batch.getFirst().record(), batch.getFirst().source());
                return;
            }
            // isolate the records the destination refuses: split and try each half
            int half = batch.size() / 2;
            writeBatch(batch.subList(0, half));
            writeBatch(batch.subList(half, batch.size()));
            return;
        }
        if (outcomes.size() != batch.size()) {
            throw new IllegalStateException("the destination returned " + outcomes.size() + " results for " + batch.size() + " records; cannot tell which were written");
        }
        Map<String, String> written = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            RecordSink.Outcome outcome = outcomes.get(i);
            if (outcome.ok()) {
                boolean inserted = outcome.inserted() != null ? outcome.inserted() : !p.known();
                (inserted ? counters.inserted : counters.updated).increment();
                written.put(p.key(), p.fingerprint());
            } else {
                deadLetter(p.key(), outcome.error(), p.record(), p.source());
            }
        }
        intents.complete(idempotencyKey, written);
    }

    private void deadLetter(String key, String reason, JsonNode payload, JsonNode source) {
        counters.failed.increment();
        if (options.dryRun()) {
            samples.offer(DryRun.Change.FAIL, key, payload != null ? payload : source, reason);
        } else {
            store.deadLetters().add(new DeadLetter(0, clock.instant(), runId, job.sync(), key, reason,
                    payload == null ? null : payload.toString(), source == null ? null : source.toString()));
        }
        if (job.onRowError() == SyncSpec.OnRowError.FAIL) {
            fatal.compareAndSet(null, "record '" + key + "' failed: " + reason + " (onRowError: fail stops the run)");
        }
        String abort = control.tooManyFailures(counters.failed.sum(), counters.read.sum());
        if (abort != null) {
            fatal.compareAndSet(null, abort);
        }
    }

    /** A mapped record and the source record it came from. */
    private record Mapped(ObjectNode record, JsonNode source) {}

    private String higher(String highest, JsonNode raw) {
        if (cursorPath == null) {
            return highest;
        }
        JsonNode value = cursorPath.find(raw);
        if (value.isMissingNode() || value.isNull()) {
            return highest;
        }
        return CursorOrder.higher(highest, value.asText());
    }

    private String sourceLabel(JsonNode raw) {
        if (sourceKeyPath != null) {
            JsonNode id = sourceKeyPath.find(raw);
            if (!id.isMissingNode() && !id.isNull()) {
                return "source:" + id.asText();
            }
        }
        return "source:#" + counters.read.sum();
    }

    private void reportProgress() {
        RunCounters snapshot = counters.snapshot();
        listener.progress(snapshot, Duration.between(startedAt, clock.instant()));
    }

    private void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("run interrupted", e);
            } catch (ExecutionException e) {
                fatal.compareAndSet(null, describe(e.getCause()));
            }
        }
        if (!options.dryRun()) {
            store.runs().updateCounters(runId, counters.snapshot());
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
