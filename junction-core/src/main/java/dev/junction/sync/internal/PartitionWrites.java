package dev.junction.sync.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The write side of a partitioned read: the changed records of every partition's pages go into
 * one set of batches, cut at the sync's batch size and byte limit, so a sub-stream of many parents
 * with a few children each still makes full calls. Each page's records are tracked: the page is
 * accounted for (and told so, to move its partition's checkpoint) once every record of it is
 * written or dead-lettered, whichever batches they went in.
 *
 * <p>Three rules keep it safe. A key is <em>held</em> from the moment a page reserves it until the
 * batch holding it is written, and a later page with that key waits (so an older version always
 * lands first and its fingerprint is the one compared). At most {@code budget} records of pages
 * not yet accounted for are buffered across partitions: a partition adding more waits, so none
 * runs unboundedly ahead of the writes. A partial batch is sent when nothing is in flight and
 * someone waits (so waiting never deadlocks), and by {@link #drain} at the end of the read.
 */
final class PartitionWrites {
    /**
     * Sends a batch (when the run stopped, only a {@code last} one after a failed read); {@code ended}
     * runs when it ended either way, told whether every record of it was written or dead-lettered
     * (false when it was not sent or its call failed).
     */
    interface Writer {
        Future<?> submit(List<Pending> batch, boolean last, Consumer<Boolean> ended);
    }

    private static final long WAIT_MILLIS = 20;

    private final Batches cutter;
    private final int budgetSize;
    private final Semaphore budget;
    private final Writer writer;
    private final BooleanSupplier stopped;
    private final Consumer<Throwable> failure;
    private final Map<Pending, Page> owners = new IdentityHashMap<>();
    private final Map<String, Integer> held = new HashMap<>();
    private final List<Future<?>> submitted = new ArrayList<>();
    private int inFlight;

    PartitionWrites(Batches cutter, int budget, Writer writer, BooleanSupplier stopped, Consumer<Throwable> failure) {
        this.cutter = cutter;
        this.budgetSize = Math.max(1, budget);
        this.budget = new Semaphore(budgetSize);
        this.writer = writer;
        this.stopped = stopped;
        this.failure = failure;
    }

    /**
     * Holds {@code keys} for a page about to be diffed, waiting while an earlier page holds any of
     * them. @return false when the run stopped meanwhile (nothing is held then)
     */
    boolean reserve(Collection<String> keys) {
        while (true) {
            List<List<Pending>> closed;
            synchronized (this) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
                if (keys.stream().noneMatch(held::containsKey)) {
                    keys.forEach(k -> held.merge(k, 1, Integer::sum));
                    return true;
                }
                closed = inFlight == 0 ? flushLocked() : List.of();
                if (closed.isEmpty()) {
                    waitLocked();
                }
            }
            send(closed);
        }
    }

    /**
     * Adds the page's records to write; {@code reserved} are the keys {@link #reserve} held for it
     * (those not written are released now). {@code accounted} runs once every record is written or
     * dead-lettered: now when there is none, else on the thread that wrote the last of them. Records
     * of a run that stopped are dropped and the page is never accounted for.
     */
    void add(Collection<Pending> records, Collection<String> reserved, Runnable accounted) {
        Set<String> unwritten = new HashSet<>(reserved);
        records.forEach(p -> unwritten.remove(p.key()));
        synchronized (this) {
            release(unwritten);
        }
        if (records.isEmpty()) {
            accounted.run();
            return;
        }
        int permits = Math.min(records.size(), budgetSize);
        if (!acquire(permits)) {
            synchronized (this) {
                release(keys(records));
            }
            return;
        }
        Page page = new Page(records.size(), permits, accounted);
        List<List<Pending>> closed = new ArrayList<>();
        synchronized (this) {
            for (Pending p : records) {
                owners.put(p, page);
                List<Pending> full = cutter.add(p);
                if (full != null) {
                    closed.add(close(full));
                }
            }
        }
        send(closed);
    }

    /**
     * Sends the partial batch and waits for every batch sent; then nothing is in flight. The partial
     * batch is {@code last}: sent also when a partition's read failed, since its records were read
     * before the failure, as the pages written before it in a run without partitions.
     */
    void drain() {
        List<List<Pending>> closed;
        synchronized (this) {
            closed = flushLocked();
        }
        send(closed, true);
        List<Future<?>> all;
        synchronized (this) {
            all = new ArrayList<>(submitted);
            submitted.clear();
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.accept(e);
            } catch (ExecutionException e) {
                failure.accept(e.getCause());
            }
        }
    }

    /** Waits for {@code permits} of the budget, sending the partial batch when nothing else would free any. */
    private boolean acquire(int permits) {
        try {
            while (!budget.tryAcquire(permits, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
                List<List<Pending>> closed;
                synchronized (this) {
                    closed = inFlight == 0 ? flushLocked() : List.of();
                }
                send(closed);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
    }

    private List<List<Pending>> flushLocked() {
        List<Pending> rest = cutter.take();
        return rest.isEmpty() ? List.of() : List.of(close(rest));
    }

    private List<Pending> close(List<Pending> batch) {
        inFlight++;
        return batch;
    }

    private void send(List<List<Pending>> batches) {
        send(batches, false);
    }

    private void send(List<List<Pending>> batches, boolean last) {
        for (List<Pending> batch : batches) {
            List<Page> pages = new ArrayList<>(batch.size());
            synchronized (this) {
                batch.forEach(p -> pages.add(owners.remove(p)));
            }
            Future<?> sent;
            try {
                sent = writer.submit(batch, last, written -> {
                    try {
                        if (written) {
                            pages.forEach(Page::recordDone);
                        }
                    } finally {
                        done(batch);
                    }
                });
            } catch (RuntimeException e) {
                done(batch);
                throw e;
            }
            synchronized (this) {
                submitted.removeIf(Future::isDone);
                submitted.add(sent);
            }
        }
    }

    /** A batch ended, written or not: its keys and its slot are free. */
    private synchronized void done(List<Pending> batch) {
        inFlight--;
        release(keys(batch));
    }

    private static List<String> keys(Collection<Pending> records) {
        return records.stream().map(Pending::key).toList();
    }

    private void release(Collection<String> keys) {
        for (String k : keys) {
            held.computeIfPresent(k, (key, n) -> n == 1 ? null : n - 1);
        }
        notifyAll();
    }

    private void waitLocked() {
        try {
            wait(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
    }

    /** A page's records not accounted for yet, and what runs when none is left. */
    private final class Page {
        private int remaining;
        private final int permits;
        private final Runnable accounted;

        Page(int remaining, int permits, Runnable accounted) {
            this.remaining = remaining;
            this.permits = permits;
            this.accounted = accounted;
        }

        void recordDone() {
            boolean last;
            synchronized (this) {
                last = --remaining == 0;
            }
            if (last) {
                budget.release(permits);
                accounted.run();
            }
        }
    }
}
