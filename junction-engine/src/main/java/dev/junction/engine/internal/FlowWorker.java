package dev.junction.engine.internal;

import dev.junction.store.FlowExecutionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that keeps flow executions going where the run queue runs ({@code junction serve}): every
 * poll interval it hands to the flow workers the executions no process runs (queued ones a stopped
 * process left, running ones whose lease expired because their process died, waiting ones whose wake
 * time came), as many as the workers have room for; and now and then it purges the executions that
 * ended longer ago than the retention, in bounded batches. Several processes on one store each run
 * one; the claim hands each execution to one of them.
 */
public final class FlowWorker extends PollingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(FlowWorker.class);
    /** How often ended executions are purged. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /** Deleted per statement, and statements per purge: a purge stays bounded. */
    static final int PURGE_BATCH = 500;
    static final int PURGE_ROUNDS = 20;
    /**
     * A queued execution younger than this is left to the process that stored it (it hands it to its
     * own workers at once); older ones were left behind.
     */
    static final Duration QUEUED_GRACE = Duration.ofSeconds(5);

    private final FlowExecutionRepository executions;
    private final IntSupplier room;
    private final Consumer<String> submit;
    private final Clock clock;
    private final Duration retention;
    private Instant purgedAt;

    /**
     * @param room how many more executions the flow workers take now
     * @param submit hands an execution's id to a flow worker, which claims it (or finds another process did)
     * @param retention how long ended executions are kept; null: forever
     */
    public FlowWorker(FlowExecutionRepository executions, IntSupplier room, Consumer<String> submit, Clock clock, Duration pollInterval,
            Duration retention) {
        super("junction-flows", pollInterval, LOG);
        this.executions = executions;
        this.room = room;
        this.submit = submit;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public synchronized void start() {
        super.start();
        LOG.info("Flow worker started (polling every {} ms, keeping ended executions {})", pollInterval().toMillis(),
                retention == null ? "forever" : retention.toString());
    }

    @Override
    String describe() {
        return "Flow worker";
    }

    @Override
    boolean pass() {
        handOver();
        purgeNowAndThen();
        return false;
    }

    /** Hands the executions no process runs to the flow workers, as many as they have room for; returns how many. */
    public int handOver() {
        int free = room.getAsInt();
        if (free <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<String> due = executions.claimable(now, now.minus(QUEUED_GRACE), free);
        due.forEach(submit);
        return due.size();
    }

    private void purgeNowAndThen() {
        if (retention == null) {
            return;
        }
        Instant now = clock.instant();
        if (purgedAt != null && now.isBefore(purgedAt.plus(PURGE_EVERY))) {
            return;
        }
        purgedAt = now;
        int total = purge(now.minus(retention));
        if (total > 0) {
            LOG.info("Purged {} flow executions that ended more than {} ago", total, retention);
        }
    }

    /** Deletes ended executions last changed before {@code before}, in bounded batches; returns how many. */
    public int purge(Instant before) {
        return purge(executions::purge, before, PURGE_BATCH, PURGE_ROUNDS);
    }
}
