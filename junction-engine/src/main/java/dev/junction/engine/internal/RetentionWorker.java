package dev.junction.engine.internal;

import dev.junction.engine.Retention;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background purge of a served process: {@link Retention#purge} every {@code every} (the first a
 * minute after start, so a starting node does its own work first), on one daemon thread. A failed
 * purge is logged and tried again at the next tick; stopping lets the batch in flight finish. Every
 * node of a cluster purges; deletes by id make that harmless (a row is deleted once).
 */
public final class RetentionWorker implements Background {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionWorker.class);
    private static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private final Retention retention;
    private final Duration every;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private ScheduledExecutorService timer;

    public RetentionWorker(Retention retention, Duration every) {
        this.retention = retention;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        stopping.set(false);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("junction-retention").factory());
        timer.scheduleWithFixedDelay(this::purgeOnce, Math.min(FIRST_AFTER.toMillis(), every.toMillis()), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void purgeOnce() {
        try {
            retention.purge(retention.settings(), stopping::get);
        } catch (RuntimeException e) {
            LOG.warn("Retention purge failed (tried again in {}): {}", every, e.getMessage());
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
