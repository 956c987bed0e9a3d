package dev.junction.engine.internal;

import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flow execution does when the store fails under it (a lock that timed out, a connection lost,
 * the database restarting): the store holds the execution's state, and the failure says nothing about
 * the flow, so the execution is not ended failed but left running as if its process had died. Its
 * lease is no longer renewed here; once it expires any process's flow worker resumes it after its last
 * stored step (a call step cut off runs again with the same idempotency key). After {@value #ATTEMPTS}
 * store failures in a row in this process it ends failed instead, saying so, so that a store that keeps
 * failing one execution does not run it for ever.
 */
public final class FlowStoreFailures {
    /** How many store failures in a row an execution is left to resume after, in one process, before it ends failed. */
    public static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(FlowStoreFailures.class);

    /** How long a claim that keeps failing the same way stays unlogged after it was logged. */
    static final Duration QUIET = Duration.ofMinutes(10);

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** At most this many failed claims are logged per {@link #QUIET}, whichever executions they are. */
    public static final int MAX_LINES = 10;

    /** When the failed claim of each execution was last logged. */
    private final Map<String, Instant> unclaimedLogged = new ConcurrentHashMap<>();
    /** When the last {@value #MAX_LINES} failed claims were logged, oldest first. */
    private final java.util.ArrayDeque<Instant> lines = new java.util.ArrayDeque<>();
    /** Failed claims not logged since the last line because of {@link #MAX_LINES}. */
    private long unlogged;
    private final Clock clock;

    public FlowStoreFailures(Clock clock) {
        this.clock = clock;
    }

    /** The last of {@value #ATTEMPTS} store failures in a row: the execution ends failed. */
    public static final class GaveUp extends StoreException {
        GaveUp(String message, StoreException last) {
            super(message, last);
        }
    }

    /** The store failure behind {@code e} (itself or a cause), or null when the store did not fail. */
    public static StoreException storeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Counts a store failure of the execution. Returns normally when it is left to resume (logged); throws
     * {@link GaveUp} when it was the last attempt, for the caller to end it failed.
     */
    public void failed(String id, StoreException e) {
        int n = failures.merge(id, 1, Integer::sum);
        if (n >= ATTEMPTS) {
            failures.remove(id);
            throw new GaveUp("the store failed " + n + " times in a row running it; the last time: " + e.getMessage(), e);
        }
        LOG.warn("Flow execution {}: {}; it stays running and is resumed after its last stored step once its lease expires"
                + " (store failure {} of {} in a row)", id, e.getMessage(), n, ATTEMPTS);
    }

    /** The execution ran (or parked) without a store failure: the count starts again. */
    public void ran(String id) {
        failures.remove(id);
        unclaimedLogged.remove(id);
    }

    /**
     * The store failed a flow worker's claim of the execution (or its read back), before it ran: it
     * stays as the store has it and the worker tries again at its next pass, which is not counted as an
     * attempt. Logged the first time and then at most once per {@link #QUIET}, so that an execution
     * the store keeps refusing (H2 keeping the lock of its row after a kill, see
     * {@code junction store repair}) is seen without a line every pass; and at most {@value #MAX_LINES}
     * lines per {@link #QUIET} in all (a store that is down refuses every claim), the next line counting
     * those left out. @return whether it was logged
     */
    public synchronized boolean unclaimed(String id, StoreException e) {
        Instant now = clock.instant();
        Instant last = unclaimedLogged.get(id);
        if (last != null && now.isBefore(last.plus(QUIET))) {
            return false;
        }
        if (lines.size() == MAX_LINES && now.isBefore(lines.peekFirst().plus(QUIET))) {
            unlogged++; // a store that refuses every claim (down, restarting) would log each execution: a few lines, then a count
            return false;
        }
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(now);
        unclaimedLogged.put(id, now);
        if (unclaimedLogged.size() > 10_000) {
            unclaimedLogged.values().removeIf(at -> at.isBefore(now.minus(QUIET)));
        }
        LOG.warn("Flow execution {} could not be taken up: {}; it stays as stored and is tried again at each pass of the flow workers"
                + " (this is logged again in {} minutes if it goes on){}", id, e.getMessage(), QUIET.toMinutes(),
                unlogged == 0 ? "" : "; " + unlogged + " more such failures were not logged since the last line");
        unlogged = 0;
        return true;
    }
}
