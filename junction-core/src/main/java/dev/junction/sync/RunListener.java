package dev.junction.sync;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import java.time.Duration;

/**
 * Follows one run. Called in this order: {@link #started} once, {@link #progress} after every page
 * and batch (from writer threads: implementations must be thread-safe), {@link #finished} once.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void started(String runId, String sync) {}

    default void progress(RunCounters counters, Duration elapsed) {}

    /**
     * The same, with how many records the run expects to read in all ({@code expected} null when
     * nothing tells); by default it calls {@link #progress(RunCounters, Duration)}.
     */
    default void progress(RunCounters counters, Duration elapsed, ExpectedTotal expected) {
        progress(counters, elapsed);
    }

    default void finished(RunRecord run) {}
}
