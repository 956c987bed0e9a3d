package dev.junction.http;

import dev.junction.spec.RateLimitSpec;
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

    /** The shared limiter of {@code connection}; a changed budget gets a fresh limiter. */
    public RequestRateLimiter forConnection(String connection, RateLimitSpec spec) {
        Objects.requireNonNull(connection, "connection");
        if (spec == null) {
            return RequestRateLimiter.unlimited();
        }
        return limiters.computeIfAbsent(new Key(connection, spec), key -> RequestRateLimiter.of(key.spec()));
    }
}
