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
 * One run of one sync, from start to its recorded end. Pages are processed one after another; the
 * batches of a page are written in parallel (bounded by the sync's concurrency) and all of them
 * finish before the checkpoint moves and the next page starts.
 */
public final class RunExecution {
    private final String runId;
    private final SyncJob job;
    private final Store store;
    private final Clock clock;
    private final RunListener listener;
    private final LiveCounters counters;
    private final Fingerprints fingerprints;
    private final JsonPath keyPath;
    private final JsonPath sourceKeyPath;
    private final JsonPath cursorPath;
    private final int batchSize;
    private final Semaphore inFlight;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private Instant startedAt;

    public RunExecution(String runId, SyncJob job, Store store, ObjectMapper json, Clock clock, RunListener listener) {
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.counters = new LiveCounters(job.metrics());
        this.fingerprints = new Fingerprints(json);
        this.keyPath = JsonPath.parse(job.destinationKey());
        this.sourceKeyPath = job.sourceKey() == null ? null : JsonPath.parse(job.sourceKey());
        this.cursorPath = job.cursorField() == null ? null : JsonPath.parse(job.cursorField());
        this.batchSize = Math.max(1, Math.min(job.batch().size(), job.sink().maxBatchSize()));
        this.inFlight = new Semaphore(job.batch().concurrency());
    }

    public RunRecord execute() {
        startedAt = clock.instant();
        store.runs().start(runId, job.sync(), job.trigger(), startedAt);
        listener.started(runId, job.sync());
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            readAndWrite(writers);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, describe(e));
        }
        RunCounters finalCounters = counters.snapshot();
        String error = fatal.get();
        RunStatus status = error != null ? RunStatus.FAILED : finalCounters.failed() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        Instant finishedAt = clock.instant();
        store.runs().finish(runId, status, finalCounters, error, finishedAt);
        RunRecord run = new RunRecord(runId, job.sync(), job.trigger(), status, startedAt, finishedAt, finalCounters, error);
        listener.finished(run);
        return run;
    }

    private void readAndWrite(ExecutorService writers) {
        String checkpoint = cursorPath == null ? null : store.checkpoints().find(job.sync(), job.stream(), "").orElse(null);
        RecordSource.Reader reader = job.source().open(checkpoint, runId);
        String highest = checkpoint;
        List<JsonNode> page;
        while (fatal.get() == null && (page = reader.nextPage()) != null) {
            highest = writePage(page, highest, writers);
            if (fatal.get() == null && highest != null && !highest.equals(checkpoint)) {
                // every record of this page and the ones before is now written or dead-lettered
                store.checkpoints().save(job.sync(), job.stream(), "", highest, clock.instant());
                checkpoint = highest;
            }
            reportProgress();
        }
    }

    private String writePage(List<JsonNode> page, String highest, ExecutorService writers) {
        Map<String, Pending> byKey = new LinkedHashMap<>();
        Map<String, ObjectNode> mapped = new LinkedHashMap<>();
        for (JsonNode raw : page) {
            counters.read.increment();
            highest = higher(highest, raw);
            ObjectNode record;
            try {
                record = job.mapper().map(raw);
            } catch (MappingException e) {
                deadLetter(sourceLabel(raw), "mapping failed: " + e.getMessage(), raw);
                continue;
            }
            JsonNode key = keyPath.find(record);
            if (key.isMissingNode() || key.isNull() || key.asText().isEmpty()) {
                deadLetter(sourceLabel(raw), "the mapped record has no value for the destination key '" + job.destinationKey() + "'", record);
                continue;
            }
            if (mapped.put(key.asText(), record) != null) {
                // a later version of the same key in the same page supersedes the earlier one
                counters.unchanged.increment();
            }
        }
        Map<String, String> stored = mapped.isEmpty() ? Map.of() : store.fingerprints().find(job.sync(), mapped.keySet());
        mapped.forEach((key, record) -> {
            String fingerprint = fingerprints.of(record);
            if (fingerprint.equals(stored.get(key))) {
                counters.unchanged.increment();
            } else {
                byKey.put(key, new Pending(key, record, fingerprint, stored.containsKey(key)));
            }
        });
        List<Future<?>> batches = new ArrayList<>();
        List<Pending> batch = new ArrayList<>(batchSize);
        for (Pending pending : byKey.values()) {
            batch.add(pending);
            if (batch.size() == batchSize) {
                batches.add(submit(writers, batch));
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
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
                if (fatal.get() == null) {
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
        try {
            outcomes = job.sink().write(records, keys, runId);
        } catch (BatchRejectedException e) {
            if (batch.size() == 1) {
                deadLetter(batch.getFirst().key(), e.getMessage(), batch.getFirst().record());
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
                deadLetter(p.key(), outcome.error(), p.record());
            }
        }
        if (!written.isEmpty()) {
            store.fingerprints().saveAll(job.sync(), written);
        }
    }

    private void deadLetter(String key, String reason, JsonNode payload) {
        counters.failed.increment();
        store.deadLetters().add(new DeadLetter(0, clock.instant(), runId, job.sync(), key, reason, payload.toString()));
        if (job.onRowError() == SyncSpec.OnRowError.FAIL) {
            fatal.compareAndSet(null, "record '" + key + "' failed: " + reason + " (onRowError: fail stops the run)");
        }
    }

    private String higher(String highest, JsonNode raw) {
        if (cursorPath == null) {
            return highest;
        }
        JsonNode value = cursorPath.find(raw);
        if (value.isMissingNode() || value.isNull()) {
            return highest;
        }
        String text = value.asText();
        return highest == null || text.compareTo(highest) > 0 ? text : highest;
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
        store.runs().updateCounters(runId, counters.snapshot());
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
