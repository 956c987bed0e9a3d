package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.DeadLetter;
import dev.junction.store.Store;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.Deletes;
import dev.junction.sync.DryRun;
import dev.junction.sync.RecordSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Mode mirror within one run. While the run reads, the keys of each accounted page are marked seen
 * by the run in the fingerprint store (a dry run keeps them in memory instead). When the full read
 * finished, the keys this sync wrote before that the run did not see are deleted at the destination
 * (or soft-deleted), a batch of keys per call, up to {@code batch.concurrency} calls at once (each
 * through the connection's rate budget, as writes are); the fingerprint of each deleted key is
 * removed, so a record that comes back is inserted again. A crash between a delete and the removal
 * of its fingerprint deletes that record again in the next run, which counts a destination's "not
 * found" as deleted. The removal, the count and the stored counters move together (one call's at a
 * time), so a killed run's stored count misses at most one call's deletes.
 */
final class MirrorDeletes {
    private static final int PAGE = 500;

    /** Receives a delete that failed for good, to be stored as a dead letter. */
    interface Failures {
        void failed(String key, String reason, dev.junction.store.ErrorClass errorClass, JsonNode payload);
    }

    private final String runId;
    private final String sync;
    private final String destinationKey;
    private final Deletes deletes;
    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final LiveCounters counters;
    private final DryRunSamples samples;
    private final boolean dryRun;
    private final int batchSize;
    private final int concurrency;
    private final Failures failures;
    private final BooleanSupplier stopped;
    private final Set<String> seenInMemory = java.util.concurrent.ConcurrentHashMap.newKeySet(); // partitions add from several threads
    private long knownAtStart;
    private final java.util.concurrent.atomic.LongAdder unkeyed = new java.util.concurrent.atomic.LongAdder();

    MirrorDeletes(String runId, String sync, String destinationKey, Deletes deletes, int batchSize, int concurrency, Store store, ObjectMapper json,
            Clock clock, LiveCounters counters, DryRunSamples samples, boolean dryRun, Failures failures, BooleanSupplier stopped) {
        this.runId = runId;
        this.sync = sync;
        this.destinationKey = destinationKey;
        this.deletes = deletes;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.counters = counters;
        this.samples = samples;
        this.dryRun = dryRun;
        this.batchSize = Math.max(1, Math.min(batchSize, deletes.sink().maxBatchSize()));
        this.concurrency = Math.max(1, concurrency);
        this.failures = failures;
        this.stopped = stopped;
    }

    /** Before the read: how many keys this sync knows, the base of the cap. */
    void start() {
        if (deletes.afterRead()) {
            knownAtStart = store.fingerprints().count(sync);
        }
    }

    /** The keys of a page whose records are all accounted for (written, unchanged or dead letters). */
    void seen(Collection<String> keys) {
        if (!deletes.afterRead() || keys.isEmpty()) {
            return;
        }
        if (dryRun) {
            seenInMemory.addAll(keys);
        } else {
            store.fingerprints().markSeen(sync, keys, runId);
        }
    }

    /** A record failed before it had a destination key: this run cannot tell which records are gone. */
    void unkeyed() {
        unkeyed.increment();
    }

    /**
     * After a full read that finished: deletes the records gone from the source (a dry run counts
     * them and keeps samples, even when the cap would refuse them).
     *
     * A replay ({@code source} is a {@link DeadLetterSource}) deletes the keys of the delete dead
     * letters it selected instead.
     *
     * @return why the run must fail (the cap refused the deletes), or null
     */
    String afterRead(dev.junction.sync.RecordSource source) {
        if (source instanceof DeadLetterSource replay) {
            retry(replay.deletes());
        }
        if (!deletes.afterRead()) {
            return null;
        }
        if (unkeyed.sum() > 0) {
            return null; // reported by note()
        }
        long gone = dryRun ? countGoneInMemory() : store.fingerprints().countUnseen(sync, runId);
        if (gone == 0) {
            return null;
        }
        String refused = null;
        if (!deletes.force() && gone * 100 > (long) deletes.maxPercent() * knownAtStart) {
            refused = (dryRun ? "the run would stop: " : "") + "mode mirror: " + gone + " of the " + knownAtStart + " records this sync wrote before ("
                    + String.format(Locale.ROOT, "%.1f%%", knownAtStart == 0 ? 100.0 : gone * 100.0 / knownAtStart)
                    + ") are gone from the source, more than destination.maxDeletePercent (" + deletes.maxPercent() + "%); nothing was deleted. "
                    + "If they are really gone, run again with: junction run " + sync.replaceFirst("@", " --tenant ") + " --force-deletes";
            if (!dryRun) {
                return refused;
            }
        }
        String after = null;
        // the keys are paged by key, not by what is left unseen, so removals in flight do not shift the pages
        try (ParallelCalls calls = new ParallelCalls(concurrency)) {
            while (!stopped.getAsBoolean() && !calls.failed()) {
                List<String> keys = dryRun ? goneInMemory(after) : store.fingerprints().unseen(sync, runId, after, PAGE);
                if (keys.isEmpty()) {
                    break;
                }
                after = keys.getLast();
                for (int from = 0; from < keys.size() && !stopped.getAsBoolean() && !calls.failed(); from += batchSize) {
                    List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
                    if (dryRun) {
                        delete(batch);
                    } else {
                        calls.submit(() -> delete(batch));
                    }
                }
            }
        }
        return refused; // a dry run shows what the run would delete if forced, and that it would stop
    }

    /** What the run says about deletes it did not make although the read finished; null when there is nothing to say. */
    String note() {
        return deletes.afterRead() && unkeyed.sum() > 0
                ? "mode mirror: nothing was deleted, because " + unkeyed.sum() + " record(s) failed before they had a destination key, so which records "
                        + "are gone cannot be told; fix them (see the dead letters) and run again"
                : null;
    }

    /** A replay: deletes the keys of these delete dead letters again and marks them replayed by this run. */
    private void retry(List<DeadLetter> letters) {
        try (ParallelCalls calls = new ParallelCalls(dryRun ? 1 : concurrency)) {
            for (int from = 0; from < letters.size() && !stopped.getAsBoolean() && !calls.failed(); from += batchSize) {
                List<DeadLetter> batch = letters.subList(from, Math.min(letters.size(), from + batchSize));
                calls.submit(() -> {
                    delete(batch.stream().map(DeadLetter::recordKey).toList());
                    // accounted for: deleted, or failed again as a new dead letter of this run
                    store.deadLetters().resolve(batch.stream().map(DeadLetter::id).toList(), DeadLetter.State.REPLAYED, runId, clock.instant());
                });
            }
        } finally {
            store.runs().updateCounters(runId, counters.snapshot());
        }
    }

    private void delete(List<String> keys) {
        List<JsonNode> records = new ArrayList<>(keys.size());
        keys.forEach(key -> records.add(record(key)));
        if (dryRun) {
            for (int i = 0; i < keys.size(); i++) {
                counters.deleted.increment();
                samples.offer(DryRun.Change.DELETE, keys.get(i), records.get(i), null);
            }
            return;
        }
        List<RecordSink.Outcome> outcomes;
        try {
            outcomes = deletes.sink().write(records, List.copyOf(keys), runId);
        } catch (BatchRejectedException e) {
            if (keys.size() == 1) {
                failures.failed(keys.getFirst(), "delete failed: " + e.getMessage(), ErrorClasses.of(e, ErrorClasses.RECORD_REFUSED), records.getFirst());
                return;
            }
            int half = keys.size() / 2;
            delete(keys.subList(0, half));
            delete(keys.subList(half, keys.size()));
            return;
        }
        if (outcomes.size() != keys.size()) {
            throw new IllegalStateException("the destination returned " + outcomes.size() + " results for " + keys.size()
                    + " deletes; cannot tell which were deleted");
        }
        List<String> deleted = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (outcomes.get(i).ok()) {
                deleted.add(keys.get(i));
            } else {
                failures.failed(keys.get(i), "delete failed: " + outcomes.get(i).error(), ErrorClasses.refused(outcomes.get(i).code()), records.get(i));
            }
        }
        forget(deleted);
    }

    /**
     * Removes the fingerprints of deleted keys and counts them; one call's at a time, so the stored
     * counters never go back to an older snapshot and a killed run's stored count holds at most one
     * call's deletes less than it made.
     */
    private synchronized void forget(List<String> deleted) {
        store.fingerprints().remove(sync, deleted);
        counters.deleted.add(deleted.size());
        store.runs().updateCounters(runId, counters.snapshot());
    }

    /** {@code {key: K}}, or with the soft-delete field set; a dotted key or field builds nested objects. */
    private ObjectNode record(String key) {
        ObjectNode record = json.createObjectNode();
        set(record, destinationKey, json.getNodeFactory().textNode(key));
        if (deletes.soft()) {
            set(record, deletes.softField(), deletes.softValue() == null ? json.getNodeFactory().nullNode() : deletes.softValue().deepCopy());
        }
        return record;
    }

    private static void set(ObjectNode record, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode at = record;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.get(parts[i]) instanceof ObjectNode child ? child : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }

    private long countGoneInMemory() {
        long gone = 0;
        for (List<String> keys = goneInMemory(null); !keys.isEmpty(); keys = goneInMemory(keys.getLast())) {
            gone += keys.size();
        }
        return gone;
    }

    /** Dry run: the next known keys after {@code after} that the read did not return. */
    private List<String> goneInMemory(String after) {
        List<String> gone = new ArrayList<>();
        String from = after;
        while (gone.size() < PAGE) {
            List<String> keys = store.fingerprints().keys(sync, from, PAGE);
            if (keys.isEmpty()) {
                break;
            }
            keys.stream().filter(k -> !seenInMemory.contains(k)).forEach(gone::add);
            from = keys.getLast();
        }
        return gone;
    }
}
