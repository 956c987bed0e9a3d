package dev.junction.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop of a process that runs the run queue: one thread that delivers due events batch
 * after batch, sleeps a poll interval when none are due (or until {@link #wake} says an event was
 * just emitted here), and now and then purges old delivered and dead deliveries in bounded batches.
 * Several processes on one store each run one; the outbox hands each delivery to one of them.
 */
public final class EventWorker implements Background {
    private static final Logger LOG = LoggerFactory.getLogger(EventWorker.class);
    /** How often old deliveries are purged. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /** Deleted per statement, and statements per purge: a purge stays bounded. */
    static final int PURGE_BATCH = 1000;
    static final int PURGE_ROUNDS = 20;

    /** Purges deliveries last changed before the instant, at most {@code limit}; returns how many. */
    public interface Purge {
        int purge(Instant before, int limit);
    }

    private final IntSupplier deliverDue;
    private final Purge purge;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration retention;
    private final int batch;
    private final String name;
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean stopping;
    private Thread thread; // guarded by this
    private Instant purgedAt;

    public EventWorker(IntSupplier deliverDue, Purge purge, Clock clock, Duration pollInterval, Duration retention, int batch) {
        this(deliverDue, purge, clock, pollInterval, retention, batch, "junction-events");
    }

    /** @param name the loop's thread name, and what its log lines call it ({@code junction-alerts} for alert notifications) */
    public EventWorker(IntSupplier deliverDue, Purge purge, Clock clock, Duration pollInterval, Duration retention, int batch, String name) {
        this.name = name;
        this.deliverDue = deliverDue;
        this.purge = purge;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.retention = retention;
        this.batch = batch;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the delivery loop " + name + " is already started");
        }
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
        LOG.info("Delivery loop {} started (polling every {} ms)", name, pollInterval.toMillis());
    }

    /** Delivers without waiting for the poll interval: an event was just stored. */
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
            int delivered = 0;
            try {
                delivered = deliverDue.getAsInt();
                purgeNowAndThen();
            } catch (RuntimeException e) {
                LOG.warn("Delivery pass of {} failed ({}); trying again in {} ms", name, e.getMessage(), pollInterval.toMillis());
            }
            if (delivered < batch) {
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

    private void purgeNowAndThen() {
        Instant now = clock.instant();
        if (purgedAt != null && now.isBefore(purgedAt.plus(PURGE_EVERY))) {
            return;
        }
        purgedAt = now;
        int total = 0;
        for (int round = 0; round < PURGE_ROUNDS && !stopping; round++) {
            int deleted = purge.purge(now.minus(retention), PURGE_BATCH);
            total += deleted;
            if (deleted < PURGE_BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("{} purged {} rows older than {}", name, total, retention);
        }
    }
}
