package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.Store;
import dev.junction.sync.Partitions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads a partitioned source: up to {@link Partitions#parallel()} partitions at once, each on its
 * own virtual thread, one page after another, into the run's write pipeline. In an incremental
 * run each partition has its own checkpoint, saved after each of its pages is accounted for (every
 * record of it and of its earlier pages written, unchanged, skipped or dead-lettered), so a run
 * that stops resumes each partition from where it got to. A date slice read to its end is marked
 * complete and skipped by later runs; once every slice up to one is complete, that slice's end
 * becomes the stream's checkpoint and the slices before it are forgotten.
 */
final class PartitionedRead {
    /** What the run does with a page, and whether it goes on. */
    interface Pages {
        /** Maps, diffs and writes a page; returns the highest cursor value seen, starting from {@code highest}. */
        String write(List<JsonNode> page, String highest);

        boolean stopped();

        /** Between pages: progress, timeout and cancel checks. */
        void between();

        void fail(Throwable error);
    }

    private final String sync;
    private final String stream;
    private final String runId;
    private final Store store;
    private final Clock clock;
    private final boolean incremental;
    private final boolean dryRun;
    private final Pages pages;
    private final Partitions partitions;
    private final List<Partitions.Partition> slices = new ArrayList<>();
    private final Set<String> slicesDone = new HashSet<>();
    private int watermarkIndex;

    PartitionedRead(String sync, String stream, String runId, Store store, Clock clock, Partitions partitions, boolean incremental,
            boolean dryRun, Pages pages) {
        this.sync = sync;
        this.stream = stream;
        this.runId = runId;
        this.store = store;
        this.clock = clock;
        this.partitions = partitions;
        this.incremental = incremental;
        this.dryRun = dryRun;
        this.pages = pages;
    }

    void run() {
        String streamCheckpoint = incremental ? store.checkpoints().find(sync, stream, "").orElse(null) : null;
        Map<String, CheckpointRepository.PartitionState> stored = new HashMap<>();
        if (incremental) {
            store.checkpoints().partitions(sync, stream).forEach(s -> stored.put(s.partition(), s));
        }
        Semaphore slots = new Semaphore(Math.max(1, partitions.parallel()));
        List<Future<?>> started = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                Iterator<Partitions.Partition> all = partitions.list(streamCheckpoint, runId);
                while (!pages.stopped() && all.hasNext()) {
                    Partitions.Partition partition = all.next();
                    CheckpointRepository.PartitionState state = stored.get(partition.key());
                    if (partition.watermark() != null) {
                        synchronized (this) {
                            slices.add(partition);
                        }
                        if (state != null && state.complete()) {
                            sliceDone(partition); // read to its end by an earlier run
                            continue;
                        }
                    }
                    acquire(slots);
                    if (pages.stopped()) {
                        slots.release();
                        break;
                    }
                    String checkpoint = state == null ? null : state.value();
                    started.add(readers.submit(() -> {
                        try {
                            read(partition, checkpoint);
                        } catch (RuntimeException | Error e) {
                            pages.fail(e);
                        } finally {
                            slots.release();
                        }
                    }));
                }
            } catch (RuntimeException e) {
                pages.fail(e); // listing failed (the parent stream): the partitions started finish first
            }
            awaitAll(started);
        }
        if (!pages.stopped()) {
            partitions.readToTheEnd(runId);
        }
    }

    private void read(Partitions.Partition partition, String checkpoint) {
        String highest = checkpoint;
        String saved = checkpoint;
        List<JsonNode> page;
        try (PageAhead reader = PageAhead.of(partitions.open(partition, checkpoint, runId), RunExecution.READ_AHEAD_PAGES)) {
            while (!pages.stopped() && (page = reader.nextPage()) != null) {
                highest = pages.write(page, highest);
                if (!pages.stopped() && !dryRun) {
                    // every record of this partition's pages so far is written, unchanged or dead-lettered
                    reader.accounted();
                    if (incremental && highest != null && !highest.equals(saved)) {
                        store.checkpoints().save(sync, stream, partition.key(), highest, clock.instant());
                        saved = highest;
                    }
                }
                pages.between();
            }
        }
        if (!pages.stopped() && !dryRun && incremental && partition.watermark() != null) {
            store.checkpoints().complete(sync, stream, partition.key(), clock.instant());
            sliceDone(partition);
        }
    }

    /**
     * Moves the stream's checkpoint to the end of the last slice of the unbroken run of complete
     * slices from the first, and forgets the slices it passed.
     */
    private synchronized void sliceDone(Partitions.Partition slice) {
        slicesDone.add(slice.key());
        if (dryRun || !incremental) {
            return;
        }
        String watermark = null;
        List<String> passed = new ArrayList<>();
        while (watermarkIndex < slices.size() && slicesDone.contains(slices.get(watermarkIndex).key())) {
            watermark = slices.get(watermarkIndex).watermark();
            passed.add(slices.get(watermarkIndex).key());
            watermarkIndex++;
        }
        if (watermark != null) {
            store.checkpoints().save(sync, stream, "", watermark, clock.instant());
            passed.forEach(key -> store.checkpoints().delete(sync, stream, key));
        }
    }

    private static void acquire(Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
    }

    private void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pages.fail(e);
            } catch (ExecutionException e) {
                pages.fail(e.getCause());
            }
        }
    }
}
