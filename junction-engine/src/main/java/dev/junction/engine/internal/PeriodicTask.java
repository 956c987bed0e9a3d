package dev.junction.engine.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of a served process that runs every {@code every} on one daemon thread (the first
 * time after {@code firstAfter}, so a starting node does its own work first): the retention purge,
 * the check for scheduled audits that are due. A failed pass is logged and tried again at the next
 * tick; the task is given whether the process is stopping, so a long pass can end early, and
 * stopping lets the pass in flight finish within the grace.
 */
public final class PeriodicTask implements Background {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration firstAfter;
    private final Duration every;
    private final Consumer<BooleanSupplier> task;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private ScheduledExecutorService timer; // guarded by this

    /** @param name the thread's name and what the log calls the work ({@code junction-retention}) */
    public PeriodicTask(String name, Duration firstAfter, Duration every, Consumer<BooleanSupplier> task) {
        this.name = name;
        this.firstAfter = firstAfter;
        this.every = every;
        this.task = task;
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        stopping.set(false);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        timer.scheduleWithFixedDelay(this::runOnce, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            task.accept(stopping::get);
        } catch (RuntimeException e) {
            LOG.warn("{} failed (tried again in {}): {}", name, every, e.getMessage());
        }
    }

    @Override
    public synchronized boolean stop(Duration grace) {
        if (timer == null) {
            return true;
        }
        stopping.set(true);
        timer.shutdown();
        try {
            return timer.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            timer = null;
        }
    }
}
