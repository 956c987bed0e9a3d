package dev.junction.sync.internal;

import dev.junction.store.RunCounters;
import dev.junction.store.Store;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import dev.junction.sync.RunListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a run got: its counters saved to its stored record, and reported to its listener with the
 * time since the run started and the records to expect (the source's estimate, else the last run's
 * count). Used by the run's thread and its writer threads.
 */
final class RunProgress {
    private final String runId;
    private final Store store;
    private final RunListener listener;
    private final LiveCounters counters;
    private final Clock clock;
    private Instant startedAt;
    /** The last run's read count (see {@link LastRun}), the estimate when the source gives none. */
    private ExpectedTotal lastRun;
    /** The source's reader of an unpartitioned read, once it is open. */
    private volatile RecordSource.Reader reader;

    RunProgress(String runId, Store store, RunListener listener, LiveCounters counters, Clock clock) {
        this.runId = runId;
        this.store = store;
        this.listener = listener;
        this.counters = counters;
        this.clock = clock;
    }

    /** The run started at {@code startedAt}; {@code lastRun} (may be null) is the estimate when the source gives none. */
    void started(Instant startedAt, ExpectedTotal lastRun) {
        this.startedAt = startedAt;
        this.lastRun = lastRun;
    }

    /** The run reads {@code reader}, whose estimate of the records to expect is reported from now on. */
    void reading(RecordSource.Reader reader) {
        this.reader = reader;
    }

    /** Saves the counters so far in the run's stored record. */
    void save() {
        store.runs().updateCounters(runId, counters.snapshot());
    }

    /** Tells the listener the counters so far. */
    void report() {
        RunCounters snapshot = counters.snapshot();
        RecordSource.Reader current = reader;
        ExpectedTotal fromSource = current == null ? null : current.expected();
        listener.progress(snapshot, Duration.between(startedAt, clock.instant()), fromSource != null ? fromSource : lastRun);
    }
}
