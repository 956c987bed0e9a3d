package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.Store;
import dev.junction.sync.Partitions;
import java.time.Clock;
import java.util.ArrayDeque;
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
        /**
         * Maps, diffs and writes a page; returns the highest cursor value seen, starting from
         * {@code highest}. {@code accounted} runs once every record of the page is written,
         * unchanged, skipped or dead-lettered, maybe later, on another thread; never when the run
         * stopped before.
         */
        String write(List<JsonNode> page, String highest, Runnable accounted);

        /** Once every partition is read: writes what is still pending and waits for every write. */
        void drain();

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
            try {
                pages.drain();
            } catch (RuntimeException e) {
                pages.fail(e);
            }
        }
        if (!pages.stopped()) {
            partitions.readToTheEnd(runId);
        }
    }

    private void read(Partitions.Partition partition, String checkpoint) {
        String highest = checkpoint;
        List<JsonNode> page = null;
        try (PageAhead reader = PageAhead.of(partitions.open(partition, checkpoint, runId), RunExecution.READ_AHEAD_PAGES)) {
            Progress progress = new Progress(partition, reader, checkpoint);
            while (!pages.stopped() && (page = reader.nextPage()) != null) {
                highest = pages.write(page, highest, progress.page());
                progress.read(highest);
                pages.between();
            }
            if (page == null && !pages.stopped()) {
                progress.ended();
            }
            progress.readerClosed();
        }
    }

    /**
     * A partition's pages not accounted for yet, oldest first. Pages may be accounted for out of
     * order (their records go in different batches); the checkpoint moves past a page only once it
     * and every page before it are, and a slice is complete once it was read to its end and every
     * page of it is.
     */
    private final class Progress {
        /** A page: its highest cursor value once written, and whether it is accounted for. */
        private static final class Entry {
            String highest;
            boolean read;
            boolean accounted;
        }

        private final Partitions.Partition partition;
        private final PageAhead reader;
        private final ArrayDeque<Entry> open = new ArrayDeque<>();
        private String saved;
        private long returned;
        private long accounted;
        private boolean ended;
        private boolean readerOpen = true;

        Progress(Partitions.Partition partition, PageAhead reader, String checkpoint) {
            this.partition = partition;
            this.reader = reader;
            this.saved = checkpoint;
        }

        /** A page read; returns what to run once it is accounted for. */
        synchronized Runnable page() {
            Entry entry = new Entry();
            open.addLast(entry);
            returned++;
            return () -> {
                synchronized (this) {
                    entry.accounted = true;
                    move();
                }
            };
        }

        /** The last page went through the write: {@code highest} is the highest cursor value up to it. */
        synchronized void read(String highest) {
            open.peekLast().highest = highest;
            open.peekLast().read = true;
            move();
        }

        /** The reader is closed: pages accounted for later are not told to it. */
        synchronized void readerClosed() {
            readerOpen = false;
        }

        synchronized void ended() {
            ended = true;
            move();
        }

        /** Removes the accounted pages from the head; saves the checkpoint, completes the slice. */
        private void move() {
            String highest = null;
            boolean moved = false;
            while (!open.isEmpty() && open.peekFirst().read && open.peekFirst().accounted) {
                highest = open.pollFirst().highest;
                moved = true;
                accounted++;
            }
            if (dryRun) {
                return;
            }
            if (moved) {
                // once the partition's read is over, its reader has nothing more to be told
                if (readerOpen && reader.prefetchable()) {
                    reader.accountedPages(accounted);
                } else if (readerOpen && accounted == returned) {
                    reader.accounted();
                }
                if (incremental && highest != null && !highest.equals(saved)) {
                    store.checkpoints().save(sync, stream, partition.key(), highest, clock.instant());
                    saved = highest;
                }
            }
            if (ended && open.isEmpty() && incremental && partition.watermark() != null) {
                ended = false; // once
                store.checkpoints().complete(sync, stream, partition.key(), clock.instant());
                sliceDone(partition);
            }
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
