package dev.junction.sync.internal;

import dev.junction.store.ErrorClass;
import dev.junction.sync.StopSignal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a run stops early, and why: the first fatal reason (with the class of the failure it came
 * from), a cancel request, the shutdown of its process (the run goes back to the queue), or a failed
 * read of a partition. Checked between pages and batches; shared by the run's threads.
 */
final class RunStops {
    private final AtomicReference<String> fatal = new AtomicReference<>();
    /** How each failure {@link #fail}ed so far was classified, by its text: the one that became {@link #fatal} is the run's. */
    private final Map<String, ErrorClass> classified = new ConcurrentHashMap<>();
    private final RunControl control;
    private final boolean dryRun;
    private final StopSignal queued;
    private volatile boolean cancelled;
    /** Whether the run stopped for its process's {@link StopSignal}: it goes back to the queue. */
    private volatile boolean requeued;
    /** Whether the run stopped because a partition's read (or the listing of partitions) failed. */
    private volatile boolean readFailed;

    /**
     * {@code control} tells the run's timeout and cancel requests (a dry run heeds no cancel request); {@code queued} is
     * the signal that sends a queued run back to the queue, null for a new run.
     */
    RunStops(RunControl control, boolean dryRun, StopSignal queued) {
        this.control = control;
        this.dryRun = dryRun;
        this.queued = queued;
    }

    /** Stops the run for {@code reason}, unless it stopped for another before; whether this reason is the run's. */
    boolean stop(String reason) {
        return fatal.compareAndSet(null, reason);
    }

    /** Stops the run for a failure, as {@link #stop} does with its text; its class is kept for the run's record. */
    boolean fail(Throwable error) {
        return stop(describe(error));
    }

    /** A partition's read (or the listing of partitions) failed: the run stops, but still writes its last batches. */
    void failRead(Throwable error) {
        if (fail(error)) {
            readFailed = true;
        }
    }

    boolean stopped() {
        return fatal.get() != null || cancelled || requeued;
    }

    /** Whether the last batches of a partitioned read are written although the run stopped: it stopped for its failed read. */
    boolean writesAfterFailedRead() {
        return readFailed && !cancelled;
    }

    /** Between pages and batches: the run's timeout, and whether someone asked it to stop. */
    void check() {
        if (stopped()) {
            return;
        }
        String timedOut = control.timedOut();
        if (timedOut != null) {
            fatal.compareAndSet(null, timedOut);
        } else if (!dryRun && control.cancelRequested()) {
            cancelled = true;
        } else if (queued != null && queued.raised()) {
            requeued = true;
        }
    }

    /** The reason the run stopped for, or null. */
    String fatal() {
        return fatal.get();
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean requeued() {
        return requeued;
    }

    /** The class of the failure {@code reason} came from, or null when it has none. */
    ErrorClass errorClass(String reason) {
        return classified.get(reason);
    }

    /** The failure's text; its class, when it has one, is kept for the run's record should it become the run's error. */
    private String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        ErrorClass errorClass = ErrorClasses.of(e);
        if (errorClass != null) {
            classified.putIfAbsent(text, errorClass);
        }
        return text;
    }
}
