package dev.junction.http;

import dev.junction.spec.RateLimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one {@link RequestRateLimiter} per connection and budget, so every client, run and thread
 * of the same connection draws from the same budget. Keep one instance per process (it lives in
 * {@link PipelineOptions}).
 */
public final class RateLimiters {
    private record Key(String connection, RateLimitSpec spec) {}

    private final ConcurrentMap<Key, RequestRateLimiter> limiters = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxPause;

    /** On the system clock; a header can pause a connection for at most 5 minutes. */
    public RateLimiters() {
        this(Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /**
     * @param clock the time of every budget handed out (a fake one in tests)
     * @param maxPause the longest pause a response header can impose on a connection
     */
    public RateLimiters(Clock clock, Duration maxPause) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPause = Objects.requireNonNull(maxPause, "maxPause");
    }

    /** The shared limiter of {@code connection}; a changed budget gets a fresh limiter. */
    public RequestRateLimiter forConnection(String connection, RateLimitSpec spec) {
        Objects.requireNonNull(connection, "connection");
        if (spec == null) {
            return RequestRateLimiter.unlimited();
        }
        return limiters.computeIfAbsent(new Key(connection, spec), key -> RequestRateLimiter.of(key.spec(), clock, maxPause));
    }
}
