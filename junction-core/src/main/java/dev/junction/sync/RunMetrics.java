package dev.junction.sync;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters fed by the HTTP pipeline during a run (retries made, 429s absorbed) and read by the
 * engine into the run's counters. One per run; thread-safe.
 */
public final class RunMetrics {
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    public void retried() {
        retries.increment();
    }

    public void throttled() {
        throttled.increment();
    }

    public long retries() {
        return retries.sum();
    }

    public long throttledCount() {
        return throttled.sum();
    }
}
