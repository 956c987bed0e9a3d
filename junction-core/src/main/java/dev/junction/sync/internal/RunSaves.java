package dev.junction.sync.internal;

import dev.junction.store.Store;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a run saves as it goes — the fingerprints of records written without an intent, the
 * checkpoint and the live counters — saved together once {@value #RECORDS} records were read or
 * a second passed since the last save, and when the run stops. A save due while pages are read runs
 * on its own thread, so the run maps and diffs the next pages meanwhile (one save at a time: the
 * next waits for it); the last one runs on the caller's thread.
 *
 * <p>The order keeps the guarantees: the checkpoint only moves to the highest cursor of pages
 * whose every record was written or dead-lettered, and only after their fingerprints are saved
 * (in the same save, after them). Until saved, a later page sees them through
 * {@link WriteIntents#stored}.
 * A process killed between saves reads those pages again; its records are unchanged where a write
 * intent saved their fingerprints, and are sent again (an upsert by key) where none did.
 */
final class RunSaves implements AutoCloseable {
    /** Records read between saves, at most (a save also comes after {@link #INTERVAL_NANOS}). */
    static final int RECORDS = 5_000;
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Store store;
    private final Clock clock;
    private final String runId;
    private final String sync;
    private final String stream;
    private final WriteIntents intents;
    private final LiveCounters counters;
    private String saved;
    private String accounted;
    private long readAtSave;
    private long savedAt = System.nanoTime();
    private final ExecutorService saver = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("run-saves").factory());
    private Future<?> saving;

    /** {@code checkpoint}: the one the run started from (null for none). */
    RunSaves(Store store, Clock clock, String runId, String sync, String stream, WriteIntents intents, LiveCounters counters, String checkpoint) {
        this.store = store;
        this.clock = clock;
        this.runId = runId;
        this.sync = sync;
        this.stream = stream;
        this.intents = intents;
        this.counters = counters;
        this.saved = checkpoint;
        this.accounted = checkpoint;
    }

    /** Every record of the pages so far is written or dead-lettered; {@code highest} is their highest cursor. */
    void accounted(String highest) {
        this.accounted = highest;
    }

    /** Starts a save when enough records were read or enough time passed since the last one. */
    void saveIfDue() {
        if (counters.read.sum() - readAtSave >= RECORDS || System.nanoTime() - savedAt >= INTERVAL_NANOS) {
            awaitSaving();
            readAtSave = counters.read.sum();
            savedAt = System.nanoTime();
            String checkpoint = accounted;
            saving = saver.submit(() -> saveNow(checkpoint));
        }
    }

    /**
     * Saves now, after the save under way. @throws RuntimeException of this save, or else of the
     * one under way (whose failure this save does not undo: it saves what it has regardless)
     */
    void save() {
        RuntimeException earlier = null;
        try {
            awaitSaving();
        } catch (RuntimeException e) {
            earlier = e;
        }
        saveNow(accounted);
        if (earlier != null) {
            throw earlier;
        }
    }

    /** Fingerprints first, then the checkpoint of the pages accounted for, then the counters. */
    private void saveNow(String checkpoint) {
        intents.saveCollected();
        if (checkpoint != null && !checkpoint.equals(saved)) {
            store.checkpoints().save(sync, stream, "", checkpoint, clock.instant());
            saved = checkpoint;
        }
        store.runs().updateCounters(runId, counters.snapshot());
    }

    private void awaitSaving() {
        if (saving == null) {
            return;
        }
        try {
            saving.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted while saving its progress", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            saving = null;
        }
    }

    /** Stops the saver thread (after {@link #save()}, nothing is under way). */
    @Override
    public void close() {
        saver.shutdownNow();
    }
}
