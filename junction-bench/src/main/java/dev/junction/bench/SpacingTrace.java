package dev.junction.bench;

import dev.junction.http.RequestRateLimiter;
import java.time.Duration;
import java.util.Locale;

/**
 * Samples a connection budget's spacing every 10 ms during a run and keeps each change (for S1's
 * verbose mode): how the spacing widens after 429s and narrows back.
 */
final class SpacingTrace implements AutoCloseable {
    private final StringBuilder changes = new StringBuilder();
    private final Thread sampler;
    private Duration last = Duration.ZERO;

    SpacingTrace(RequestRateLimiter limiter, long start) {
        sampler = Thread.ofPlatform().daemon().name("s1-spacing-trace").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Duration now = limiter.interval();
                if (!now.equals(last)) {
                    synchronized (changes) {
                        changes.append(String.format(Locale.ROOT, " %.1f: %.2f", (System.nanoTime() - start) / 1e9, now.toNanos() / 1e6));
                    }
                    last = now;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        synchronized (changes) {
            return changes.toString().strip();
        }
    }
}
