package dev.junction.spec;

import java.time.Duration;

/**
 * A client-side budget, shared by every run on the connection within one process: at most
 * {@code requests} per {@code per} (both 0/null: no declared rate), at most {@code maxConcurrency}
 * requests in flight (0: no cap), and, with {@code learnFromHeaders}, pauses learned from the API's
 * {@code Retry-After}, {@code X-RateLimit-*} and {@code RateLimit-*} headers.
 */
public record RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders) {
    public RateLimitSpec(int requests, Duration per) {
        this(requests, per, 0, false);
    }

    /** True when a request rate is declared. */
    public boolean hasRate() {
        return requests > 0 && per != null && per.isPositive();
    }
}
