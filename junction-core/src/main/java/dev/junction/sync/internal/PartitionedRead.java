package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.Store;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
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
 * run each partition has its own checkpoint, which moves as a read of its own does (see
 * {@link CursorCheckpoint}): once the partition was read to its end and every record of it is
 * accounted for (written, unchanged, skipped or dead-lettered), and for a source sorted by its
 * cursor also after each of its pages, so a run that stops resumes each partition from where it
 * safely got to. A date slice read to its end is marked complete and skipped by later runs; once
 * every slice up to one is complete, that slice's end becomes the stream's checkpoint and the
 * slices before it are forgotten.
 *
 * <p>A backfill ({@link BackfillState}) reads the slices of its range only (a sub-stream: every
 * partition, each from the range's start), keeps each partition's progress and completion under its
 * own names, skips the slices it completed before, and never touches the stream's checkpoint.
 */
final class PartitionedRead {
    /** What the run does with a page, and whether it goes on. */
    interface Pages {
        /**
         * Maps, diffs and writes a page. {@code accounted} runs once every record of the page is
         * written, unchanged, skipped or dead-lettered, maybe later, on another thread; never when
         * the run stopped before.
         */
        void write(List<JsonNode> page, Runnable accounted);

        /** Once every partition is read: writes what is still pending and waits for every write. */
        void drain();

        boolean stopped();

        /** Between pages: progress, timeout and cancel checks. */
        void between();

        void fail(Throwable error);

        /** The partition's reader as the run reads it (each page a span when tracing is on); itself by default. */
        default RecordSource.Reader traced(RecordSource.Reader reader) {
            return reader;
        }
    }

    private final String sync;
    private final String stream;
    private final String runId;
    private final Store store;
    private final Clock clock;
    private final boolean incremental;
    /** How each partition's incremental read is followed; null in a full run. */
    private final CursorCheckpoint.Rules cursor;
    private final boolean dryRun;
    private final Pages pages;
    private final Partitions partitions;
    /** A backfill's range and progress; null in a run of the live read. */
    private final BackfillState backfill;
    private final List<Partitions.Partition> slices = new ArrayList<>();
    private final Set<String> slicesDone = new HashSet<>();
    private int watermarkIndex;

    /** {@code cursor} follows the partitions' incremental reads (null: a full run). */
    PartitionedRead(String sync, String stream, String runId, Store store, Clock clock, Partitions partitions, CursorCheckpoint.Rules cursor,
            boolean dryRun, Pages pages, BackfillState backfill) {
        this.backfill = backfill;
        this.sync = sync;
        this.stream = stream;
        this.runId = runId;
        this.store = store;
        this.clock = clock;
        this.partitions = partitions;
        this.cursor = cursor;
        this.incremental = cursor != null;
        this.dryRun = dryRun;
        this.pages = pages;
    }

    void run() {
        String streamCheckpoint = incremental && backfill == null ? store.checkpoints().find(sync, stream, "").orElse(null) : null;
        Map<String, CheckpointRepository.PartitionState> stored = new HashMap<>();
        if (backfill != null) {
            stored.putAll(backfill.partitions());
        } else if (incremental) {
            store.checkpoints().partitions(sync, stream).forEach(s -> stored.put(s.partition(), s));
        }
        Semaphore slots = new Semaphore(Math.max(1, partitions.parallel()));
        List<Future<?>> started = new ArrayList<>();
        try (ExecutorService readers = Executors.newThreadPerTaskExecutor(dev.junction.sync.RunLogContext.virtualThreads())) {
            try {
                Iterator<Partitions.Partition> all = listed(streamCheckpoint);
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
                    String checkpoint = backfill != null ? backfill.partitionStart(state, incremental) : state == null ? null : state.value();
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

    /** The partitions to read: a backfill's within its range (a slice cut to it), else the run's. */
    private Iterator<Partitions.Partition> listed(String streamCheckpoint) {
        if (backfill != null) {
            List<Partitions.Partition> within = partitions.within(backfill.range().from(), backfill.range().to());
            if (within != null) {
                return within.iterator();
            }
        }
        return partitions.list(streamCheckpoint, runId);
    }

    private void read(Partitions.Partition partition, String checkpoint) {
        List<JsonNode> page = null;
        CursorCheckpoint position = incremental ? cursor.start("stream '" + stream + "' partition '" + partition.key() + "'", checkpoint,
                dryRun ? value -> {} : value -> save(partition, value)) : null;
        RecordSource.Reader opened = pages.traced(partitions.open(partition, checkpoint, runId));
        try (PageAhead reader = PageAhead.of(backfill == null ? opened : backfill.bounded(opened), RunExecution.READ_AHEAD_PAGES)) {
            Progress progress = new Progress(partition, reader, position);
            while (!pages.stopped() && (page = reader.nextPage()) != null) {
                pages.write(page, progress.page(position == null ? null : position.read(page)));
                progress.read();
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
        /** A page: its mark in the partition's incremental read, whether it went through the write and whether it is accounted for. */
        private static final class Entry {
            final CursorCheckpoint.Mark mark;
            boolean read;
            boolean accounted;

            Entry(CursorCheckpoint.Mark mark) {
                this.mark = mark;
            }
        }

        private final Partitions.Partition partition;
        private final PageAhead reader;
        private final CursorCheckpoint checkpoint;
        private final ArrayDeque<Entry> open = new ArrayDeque<>();
        private long returned;
        private long accounted;
        private boolean ended;
        private boolean readerOpen = true;

        /** {@code checkpoint} is null in a full run. */
        Progress(Partitions.Partition partition, PageAhead reader, CursorCheckpoint checkpoint) {
            this.partition = partition;
            this.reader = reader;
            this.checkpoint = checkpoint;
        }

        /** A page read, with its {@code mark} (null in a full run); returns what to run once it is accounted for. */
        synchronized Runnable page(CursorCheckpoint.Mark mark) {
            Entry entry = new Entry(mark);
            open.addLast(entry);
            returned++;
            return () -> {
                synchronized (this) {
                    entry.accounted = true;
                    move();
                }
            };
        }

        /** The last page went through the write. */
        synchronized void read() {
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

        /** Removes the accounted pages from the head; moves the checkpoint, completes the slice. */
        private void move() {
            CursorCheckpoint.Mark mark = null;
            boolean moved = false;
            while (!open.isEmpty() && open.peekFirst().read && open.peekFirst().accounted) {
                mark = open.pollFirst().mark;
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
                if (checkpoint != null && mark != null) {
                    checkpoint.accounted(mark);
                }
            }
            if (ended && open.isEmpty() && (checkpoint != null || backfill != null)) {
                ended = false; // once
                if (checkpoint != null) {
                    checkpoint.ended();
                }
                if (partition.watermark() != null && backfill != null) {
                    backfill.completePartition(partition.key()); // a backfill's slices: complete under its own names
                } else if (partition.watermark() != null) {
                    store.checkpoints().complete(sync, stream, partition.key(), clock.instant());
                    sliceDone(partition);
                }
            }
        }
    }

    /** Saves a partition's checkpoint; null removes it. */
    private void save(Partitions.Partition partition, String value) {
        if (backfill != null) {
            backfill.savePartition(backfill.key(partition.key()), value);
        } else if (value == null) {
            store.checkpoints().delete(sync, stream, partition.key());
        } else {
            store.checkpoints().save(sync, stream, partition.key(), value, clock.instant());
        }
    }

    /**
     * Moves the stream's checkpoint to the end of the last slice of the unbroken run of complete
     * slices from the first, and forgets the slices it passed.
     */
    private synchronized void sliceDone(Partitions.Partition slice) {
        slicesDone.add(slice.key());
        if (dryRun || !incremental || backfill != null) {
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
