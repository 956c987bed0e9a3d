package dev.junction.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: many threads {@link #submit} items at once, one committer thread gathers what is
 * queued into one call of {@code commit} (one transaction, one flush), and each caller's future
 * completes when the batch holding its items is committed. A batch takes the submissions waiting
 * when the committer is free, up to about {@code maxBatch} items (a submission is never split); so
 * the busier it is, the larger the batches, and an idle committer commits a lone submission at once.
 *
 * <p>A batch whose commit throws fails every submission in it with that exception: none of them is
 * reported committed. The queue holds at most {@code maxQueued} submissions; a submitter waits up to
 * {@code offerTimeout} for room and is then refused. {@link #close} lets the batch being committed
 * finish and fails every submission still queued; later submissions are refused. Refusals are
 * {@link RejectedExecutionException}s, so a caller is never left waiting for a commit that will not
 * come.
 *
 * <p>The committer thread starts with the first submission. It is never interrupted (an interrupt
 * in the middle of a database write can break an embedded database's file channel); it notices a
 * close within {@link #IDLE_POLL} when idle.
 *
 * @param <E> what is submitted
 * @param <R> what the commit answers for each item, in order
 */
public final class GroupCommitter<E, R> implements AutoCloseable {
    /** How often an idle committer looks whether it was closed. */
    static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** How long {@link #close} waits for the batch in flight. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Function<List<E>, List<R>> commit;
    private final int maxBatch;
    private final Duration offerTimeout;
    private final BlockingQueue<Submission<E, R>> queue;
    private volatile boolean closed;
    private Thread committer; // guarded by this

    private record Submission<E, R>(List<E> items, CompletableFuture<List<R>> result) {}

    /**
     * @param name names the thread and appears in refusals, e.g. {@code "inbox"}
     * @param commit commits a batch of items and answers one result per item in order; called from one thread only
     */
    public GroupCommitter(String name, Function<List<E>, List<R>> commit, int maxBatch, int maxQueued, Duration offerTimeout) {
        if (maxBatch <= 0 || maxQueued <= 0) {
            throw new IllegalArgumentException(name + " group commit: maxBatch and maxQueued must be positive, were " + maxBatch + " and " + maxQueued);
        }
        this.name = name;
        this.commit = commit;
        this.maxBatch = maxBatch;
        this.offerTimeout = offerTimeout;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
    }

    /**
     * Queues {@code items} for the next batch.
     *
     * @return completes with one result per item once their batch is committed, or exceptionally
     *     with the commit's exception, or with a {@link RejectedExecutionException} when closed first
     * @throws RejectedExecutionException when closed, or when the queue stayed full for the offer timeout
     * @throws InterruptedException when interrupted while waiting for room (nothing was queued)
     */
    public CompletableFuture<List<R>> submit(List<E> items) throws InterruptedException {
        if (closed) {
            throw closedRefusal();
        }
        Submission<E, R> submission = new Submission<>(List.copyOf(items), new CompletableFuture<>());
        if (submission.items().isEmpty()) {
            submission.result().complete(List.of());
            return submission.result();
        }
        startCommitter();
        if (!queue.offer(submission, offerTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new RejectedExecutionException("the " + name + " is overloaded: " + queue.size() + " submissions wait to be committed; try again later");
        }
        if (closed && queue.remove(submission)) { // closed while this was queued, after close() drained the queue
            throw closedRefusal();
        }
        return submission.result();
    }

    /** How many items wait to be committed (not counting the batch being committed). */
    public int queuedItems() {
        int n = 0;
        for (Submission<E, R> s : queue) {
            n += s.items().size();
        }
        return n;
    }

    private RejectedExecutionException closedRefusal() {
        return new RejectedExecutionException("the " + name + " is closed: nothing was stored");
    }

    private synchronized void startCommitter() {
        if (committer == null && !closed) {
            committer = Thread.ofPlatform().daemon().name("junction-" + name + "-commit").start(this::run);
        }
    }

    private void run() {
        List<Submission<E, R>> batch = new ArrayList<>();
        while (!closed) {
            Submission<E, R> first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            batch.clear();
            batch.add(first);
            int items = first.items().size();
            for (Submission<E, R> next; items < maxBatch && (next = queue.poll()) != null; ) {
                batch.add(next);
                items += next.items().size();
            }
            commit(batch, items);
        }
    }

    private void commit(List<Submission<E, R>> batch, int items) {
        List<E> all = new ArrayList<>(items);
        batch.forEach(s -> all.addAll(s.items()));
        List<R> results;
        try {
            results = commit.apply(all);
            if (results.size() != all.size()) {
                throw new IllegalStateException(name + " commit answered " + results.size() + " results for " + all.size() + " items");
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(s -> s.result().completeExceptionally(e));
            return;
        }
        int from = 0;
        for (Submission<E, R> s : batch) {
            s.result().complete(List.copyOf(results.subList(from, from + s.items().size())));
            from += s.items().size();
        }
    }

    /**
     * Refuses new submissions, fails those queued, and waits (up to 30 s) for the batch being
     * committed, whose submitters get its outcome. Calling it again does nothing more.
     */
    @Override
    public void close() {
        closed = true;
        failQueued();
        Thread thread;
        synchronized (this) {
            thread = committer;
        }
        if (thread != null) {
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
    }

    private void failQueued() {
        for (Submission<E, R> s; (s = queue.poll()) != null; ) {
            s.result().completeExceptionally(new RejectedExecutionException("the " + name + " was closed before this was committed: nothing was stored"));
        }
    }
}
