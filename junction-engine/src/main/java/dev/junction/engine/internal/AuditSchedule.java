package dev.junction.engine.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled reconciliation audits in a served process: every {@code every} (a minute) it starts the
 * audits that are due ({@code audit.every} of a sync; see {@code Audits.startDue}), on one daemon
 * thread; the audits themselves run on the audits' own threads. Every node checks; an audit started
 * by two nodes at once is done twice (both read-only, and an alert about it fires once).
 */
public final class AuditSchedule implements Background {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSchedule.class);

    private final Runnable startDue;
    private final Duration every;
    private ScheduledExecutorService timer; // guarded by this

    /** @param startDue starts the due audits (the engine's {@code audits().startDue(applied)}) */
    public AuditSchedule(Runnable startDue, Duration every) {
        this.startDue = startDue;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("junction-audit-schedule").factory());
        timer.scheduleWithFixedDelay(this::checkOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkOnce() {
        try {
            startDue.run();
        } catch (RuntimeException e) {
            LOG.warn("Starting the scheduled audits failed (tried again in {}): {}", every, e.getMessage());
        }
    }

    @Override
    public synchronized boolean stop(Duration grace) {
        if (timer == null) {
            return true;
        }
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
