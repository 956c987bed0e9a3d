package dev.junction.http.internal;

import java.time.Duration;

/**
 * The pace of an API that hands out single tokens, found by probing when nothing declares it (a
 * learning budget with no {@code requests}/{@code per} and no policy header): each accepted request
 * shortens the spacing by 3%, each 429 lengthens it by 10% and makes 2% above the spacing that drew it
 * a floor the probing comes back down to but not below (so 429s at the floor raise it); the floor eases by 1% after every 50 accepted
 * requests, so a 429 drawn by a one-off stall does not hold the pace down for good. Starting from a
 * reset of one second it reaches a 19-per-second bucket's pace within about a hundred requests and then
 * stays within a few percent of it. Not thread-safe: {@link AdaptiveBudget} calls it under its lock.
 */
final class TokenProbe {
    static final double FASTER = 0.97;
    static final double SLOWER = 1.10;
    static final double ABOVE_REFUSED = 1.02;
    static final double EASE = 0.99;
    static final int EASE_EVERY = 50;

    private long nanos;
    private long floorNanos;
    private int acceptedSinceEase;

    TokenProbe(long startNanos) {
        this.nanos = Math.max(1, startNanos);
    }

    /** Starts from the reset a single token came with (a second when none) shared by the limit (1 when none). */
    static TokenProbe fromReset(Duration reset, Long limit) {
        Duration from = reset != null && reset.isPositive() ? reset : Duration.ofSeconds(1);
        return new TokenProbe(from.toNanos() / Math.max(1, limit == null ? 1 : limit));
    }

    long nanos() {
        return nanos;
    }

    /** Learns from the newest response: faster after an accepted request, slower after a 429, the same otherwise. */
    void observe(ResponseSignals said) {
        if (said.ok()) {
            accepted();
        } else if (said.refused()) {
            refused();
        }
    }

    void accepted() {
        nanos = Math.max(floorNanos, (long) (nanos * FASTER));
        if (++acceptedSinceEase >= EASE_EVERY) {
            acceptedSinceEase = 0;
            floorNanos = (long) (floorNanos * EASE);
        }
    }

    void refused() {
        floorNanos = (long) (nanos * ABOVE_REFUSED);
        nanos = (long) (nanos * SLOWER);
        acceptedSinceEase = 0;
    }
}
