package dev.junction.sync.internal;

import dev.junction.store.RunCounters;
import dev.junction.sync.RunMetrics;
import java.util.concurrent.atomic.LongAdder;

/** The counters of a running sync, updated from writer threads. */
final class LiveCounters {
    final LongAdder read = new LongAdder();
    final LongAdder inserted = new LongAdder();
    final LongAdder updated = new LongAdder();
    final LongAdder unchanged = new LongAdder();
    final LongAdder failed = new LongAdder();
    /** Mode mirror: records deleted (or soft-deleted) because a full read no longer returned them. */
    final LongAdder deleted = new LongAdder();
    /** Left out by the write mode (insert: key written before; update: key never written). */
    final LongAdder skipped = new LongAdder();
    private final RunMetrics metrics;

    LiveCounters(RunMetrics metrics) {
        this.metrics = metrics;
    }

    RunCounters snapshot() {
        return new RunCounters(
                read.sum(), inserted.sum(), updated.sum(), unchanged.sum(), failed.sum(), deleted.sum(), metrics.retries(), metrics.throttledCount(),
                skipped.sum());
    }
}
