package dev.junction.http.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the API's windows begin, learned from its remaining counts, so that a hold until a reset given
 * in whole seconds (rounded up by most APIs) can end at the window's real start instead: a response
 * whose remaining count is higher than that of the response to an earlier permit shows that a window
 * began before it arrived. A hold then ends at the next such boundary, provided it falls within the
 * last second before the header's reset (so it never contradicts the header by more than its
 * rounding); otherwise the header's reset wins. Not thread-safe: {@link AdaptiveBudget} calls it
 * under its lock, with responses in permit order.
 */
final class WindowStarts {
    private Instant start;
    private Long lastRemaining;

    /**
     * A remaining count that rose since an earlier-numbered request: a window began at or before
     * now. Requests in flight together may reach the API in another order than their numbers, which
     * makes the count seem to rise by up to that many ({@code slack}); only a larger rise counts.
     * Until a rise is seen, a count within that slack of the limit (one of the first requests of
     * its window) gives a first, late estimate.
     */
    void observe(long remaining, Long limit, int slack, Instant now) {
        if (lastRemaining != null && remaining - lastRemaining > slack || start == null && limit != null && remaining >= limit - slack) {
            start = now;
        }
        lastRemaining = remaining;
    }

    /** The first learned window boundary after now, when it lies within the second before {@code until}; else {@code until}. */
    Instant nextBoundaryWithin(Instant now, Instant until, Duration window) {
        if (start == null || window == null || !window.isPositive()) {
            return until;
        }
        long windows = Duration.between(start, now).toNanos() / window.toNanos() + 1;
        Instant boundary = start.plusNanos(window.toNanos() * windows);
        return boundary.isAfter(until.minusSeconds(1)) && !boundary.isAfter(until) ? boundary : until;
    }
}
