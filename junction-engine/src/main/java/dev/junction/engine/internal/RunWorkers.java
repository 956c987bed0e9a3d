package dev.junction.engine.internal;

import dev.junction.sync.StopSignal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bounded pool that executes the queue's runs in this process: at most {@code size} at once, each
 * on a virtual thread of its own. A dispatcher {@link #reserve reserves} a slot before it claims a
 * run, so a claimed run always has a worker; {@link #stop} raises the {@link StopSignal} every run of
 * the pool watches and waits for them to end.
 */
public final class RunWorkers {
    /** A reserved place in the pool: give it back, or start a run on it (which gives it back when the run ends). */
    public final class Slot {
        private boolean used;

        /** Gives the slot back unused; nothing when a run was started on it. */
        public void release() {
            if (!used) {
                used = true;
                giveBack();
            }
        }

        /** Runs {@code work} for run {@code runId} on a thread of its own; the slot is given back when it ends. */
        public void start(String runId, Runnable work) {
            if (used) {
                throw new IllegalStateException("slot already used; reserve one slot per run");
            }
            used = true;
            inFlight.add(runId);
            threads.execute(() -> {
                try {
                    work.run();
                } finally {
                    inFlight.remove(runId);
                    giveBack();
                }
            });
        }
    }

    private final int size;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("junction-run-", 0).factory());
    private final StopSignal stop = new StopSignal();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public RunWorkers(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("workers: expected at least 1, was " + size);
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    private void giveBack() {
        slots.release();
        synchronized (this) {
            notifyAll();
        }
    }

    /** The signal every run of this pool watches: raised by {@link #stop}. */
    public StopSignal stopSignal() {
        return stop;
    }

    /** Waits up to {@code wait} for a free slot; null when none freed up, or the pool is stopping. */
    public Slot reserve(Duration wait) throws InterruptedException {
        if (stop.raised() || !slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        if (stop.raised()) {
            giveBack();
            return null;
        }
        return new Slot();
    }

    /** The ids of the runs executing now. */
    public Set<String> inFlight() {
        return Set.copyOf(inFlight);
    }

    public int size() {
        return size;
    }

    /**
     * Takes no more runs, asks each run in flight to stop after its batches in flight (it goes back
     * to the queue), and waits at most {@code grace} for them to end. A run started on a slot
     * reserved before the stop sees the signal raised at its first check and goes back at once.
     *
     * @return whether every run ended in time
     */
    public boolean stop(Duration grace) throws InterruptedException {
        stop.raise();
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            while (slots.availablePermits() < size) { // runs in flight, or slots reserved for runs about to start
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
        }
        threads.shutdown();
        return true;
    }
}
