package dev.junction.sync.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls run on virtual threads, at most {@code concurrency} at a time (a submit waits for a free
 * slot). The first call that ends with an exception stops nothing by itself: the caller asks
 * {@link #failed()} before it submits more, and {@link #close()} waits for every call and throws
 * that first exception. Used by one submitting thread.
 */
final class ParallelCalls implements AutoCloseable {
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(dev.junction.sync.RunLogContext.virtualThreads()); // log tags of the run
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    ParallelCalls(int concurrency) {
        this.slots = new Semaphore(Math.max(1, concurrency));
    }

    void submit(Runnable call) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
        threads.submit(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** Whether a call ended with an exception. */
    boolean failed() {
        return failure.get() != null;
    }

    /** Waits for every call; throws the first exception a call ended with. */
    @Override
    public void close() {
        threads.close();
        RuntimeException first = failure.get();
        if (first != null) {
            throw first;
        }
    }
}
