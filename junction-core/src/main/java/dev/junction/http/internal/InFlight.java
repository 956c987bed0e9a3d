package dev.junction.http.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of one budget in flight: an optional cap (a fair semaphore) and the count a budget
 * reads to tell tokens that are spare from those already on their way ({@link AdaptiveBudget}).
 * Thread-safe on its own: it holds no lock of the budget's.
 */
final class InFlight {
    private final Semaphore cap;
    private final AtomicInteger count = new AtomicInteger();

    /** @param maxConcurrency the most requests in flight at once, 0 for no cap */
    InFlight(int maxConcurrency) {
        this.cap = maxConcurrency > 0 ? new Semaphore(maxConcurrency, true) : null;
    }

    /** Waits for a slot of the cap (when there is one) and counts the request in. */
    void enter() throws InterruptedException {
        if (cap != null) {
            cap.acquire();
        }
        count.incrementAndGet();
    }

    /** Counts the request out and gives its slot back. */
    void leave() {
        count.decrementAndGet();
        if (cap != null) {
            cap.release();
        }
    }

    /** How many requests are in flight now, at least 1 (the one asking counts itself). */
    int countOrOne() {
        return Math.max(1, count.get());
    }
}
