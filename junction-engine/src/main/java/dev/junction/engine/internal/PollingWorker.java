package dev.junction.engine.internal;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A background loop of a process that runs the run queue: one daemon thread that does a pass, then
 * sleeps a poll interval unless the pass asks to go on at once or {@link #wake} says there is work;
 * {@link #stop} ends it after the pass in progress. Subclasses say what a pass is; {@link #purge}
 * deletes old rows in bounded batches for those that keep a retention.
 */
abstract class PollingWorker implements Background {
    /** Deletes rows last changed before an instant, at most {@code limit}; returns how many. */
    public interface Purge {
        int purge(Instant before, int limit);
    }

    private final String threadName;
    private final Duration pollInterval;
    private final Logger log;
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean stopping;
    private Thread thread; // guarded by this

    PollingWorker(String threadName, Duration pollInterval, Logger log) {
        this.threadName = threadName;
        this.pollInterval = pollInterval;
        this.log = log;
    }

    /** One pass; true to start the next one at once (there is more to do), false to sleep a poll interval first. */
    abstract boolean pass();

    /** What the log says the loop does ("Event delivery", "Flow worker"). */
    abstract String describe();

    Duration pollInterval() {
        return pollInterval;
    }

    boolean stopping() {
        return stopping;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(describe() + " is already started");
        }
        thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    }

    /** Starts the next pass without waiting for the poll interval. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public boolean stop(Duration grace) {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return true;
        }
        stopping = true;
        wake();
        try {
            running.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !running.isAlive();
    }

    private void loop() {
        while (!stopping) {
            boolean more = false;
            try {
                more = pass();
            } catch (RuntimeException e) {
                log.warn("{} pass failed ({}); trying again in {} ms", describe(), e.getMessage(), pollInterval.toMillis());
            }
            if (!more) {
                pause();
            }
        }
    }

    private void pause() {
        synchronized (signal) {
            if (!woken && !stopping) {
                try {
                    signal.wait(Math.max(1, pollInterval.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            woken = false;
        }
    }

    /** Deletes what {@code purge} finds last changed before {@code before}, {@code batch} at a time, at most {@code rounds} times; returns how many. */
    int purge(Purge purge, Instant before, int batch, int rounds) {
        int total = 0;
        for (int round = 0; round < rounds && !stopping; round++) {
            int deleted = purge.purge(before, batch);
            total += deleted;
            if (deleted < batch) {
                break;
            }
        }
        return total;
    }
}
