package dev.junction.http;

import java.time.Duration;

/**
 * Where the pipeline waits (retry backoff, rate-limit permits). Tests pass a recording sleeper that
 * returns at once, so they never depend on real time.
 */
@FunctionalInterface
public interface Sleeper {
    /** Blocks for {@code duration} (zero or negative returns at once). */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits, with {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return duration -> {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        };
    }
}
