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
public final class EventWorker extends PollingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(EventWorker.class);
    /** How often old deliveries are purged. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /** Deleted per statement, and statements per purge: a purge stays bounded. */
    static final int PURGE_BATCH = 1000;
    static final int PURGE_ROUNDS = 20;

    /** Purges deliveries last changed before the instant, at most {@code limit}; returns how many. */
    public interface Purge extends PollingWorker.Purge {}

    private final IntSupplier deliverDue;
    private final Purge purge;
    private final Clock clock;
    private final Duration retention;
    private final int batch;
    private final String name;
    private Instant purgedAt;

    public EventWorker(IntSupplier deliverDue, Purge purge, Clock clock, Duration pollInterval, Duration retention, int batch) {
        this(deliverDue, purge, clock, pollInterval, retention, batch, "junction-events");
    }

    /** @param name the loop's thread name, and what its log lines call it ({@code junction-alerts} for alert notifications) */
    public EventWorker(IntSupplier deliverDue, Purge purge, Clock clock, Duration pollInterval, Duration retention, int batch, String name) {
        super(name, pollInterval, LOG);
        this.name = name;
        this.deliverDue = deliverDue;
        this.purge = purge;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
    }

    @Override
    public synchronized void start() {
        super.start();
        LOG.info("Delivery loop {} started (polling every {} ms)", name, pollInterval().toMillis());
    }

    @Override
    String describe() {
        return "Delivery loop " + name;
    }

    @Override
    boolean pass() {
        int delivered = deliverDue.getAsInt();
        purgeNowAndThen();
        return delivered >= batch;
    }

    private void purgeNowAndThen() {
        Instant now = clock.instant();
        if (purgedAt != null && now.isBefore(purgedAt.plus(PURGE_EVERY))) {
            return;
        }
        purgedAt = now;
        int total = purge(purge, now.minus(retention), PURGE_BATCH, PURGE_ROUNDS);
        if (total > 0) {
            LOG.info("{} purged {} deliveries older than {}", name, total, retention);
        }
    }
}
