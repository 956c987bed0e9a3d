package dev.junction.sandbox.internal;

import java.time.Clock;

/** Fixed 1-second windows of at most {@code limit} requests; limit 0 turns it off. Thread-safe. */
public final class RateLimiter {

    /** The outcome of one acquire. {@code resetSeconds} is the whole seconds until the window ends (at least 1). */
    public record Permit(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final int limit;
    private final Clock clock;
    private long window = Long.MIN_VALUE;
    private int used;

    public RateLimiter(int limit, Clock clock) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.limit = limit;
        this.clock = clock;
    }

    public boolean enabled() {
        return limit > 0;
    }

    public int limit() {
        return limit;
    }

    /** Counts one request against the current window. Only call when {@link #enabled()}. */
    public synchronized Permit acquire() {
        long now = clock.millis();
        long current = Math.floorDiv(now, 1000L);
        if (current != window) {
            window = current;
            used = 0;
        }
        long untilEnd = (current + 1) * 1000L - now;
        long resetSeconds = Math.max(1L, (untilEnd + 999L) / 1000L);
        if (used >= limit) {
            return new Permit(false, limit, 0, resetSeconds);
        }
        used++;
        return new Permit(true, limit, limit - used, resetSeconds);
    }

    public synchronized void clear() {
        window = Long.MIN_VALUE;
        used = 0;
    }
}
