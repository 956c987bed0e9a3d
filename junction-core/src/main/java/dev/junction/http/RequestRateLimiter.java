package dev.junction.http;

import dev.failsafe.RateLimiter;
import dev.junction.spec.RateLimitSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * A connection's client-side request budget: at most {@code requests} per {@code per}, spread
 * evenly (one permit every {@code per / requests}), so no window of that length ever sees more than
 * the budget, however the API aligns its windows. One instance per connection, shared by every caller
 * and thread; {@link RateLimiters} hands out the shared instance.
 *
 * <p>Limits, plainly: the budget is per process (not shared across cluster nodes yet) and does not
 * learn from response headers. Built on Failsafe's smooth {@link RateLimiter}: permits are reserved
 * first and then waited for with the pipeline's {@link Sleeper}.
 */
public final class RequestRateLimiter {
    private final RateLimitSpec spec;
    private final RateLimiter<Object> limiter;

    private RequestRateLimiter(RateLimitSpec spec, RateLimiter<Object> limiter) {
        this.spec = spec;
        this.limiter = limiter;
    }

    /** A limiter for the budget; null means unlimited. */
    public static RequestRateLimiter of(RateLimitSpec spec) {
        if (spec == null) {
            return unlimited();
        }
        if (spec.requests() < 1) {
            throw new IllegalArgumentException("rateLimit.requests: expected 1 or more, was " + spec.requests());
        }
        Objects.requireNonNull(spec.per(), "rateLimit.per");
        if (!spec.per().isPositive()) {
            throw new IllegalArgumentException("rateLimit.per: expected a positive duration, was " + spec.per());
        }
        return new RequestRateLimiter(spec, RateLimiter.smoothBuilder(spec.requests(), spec.per()).build());
    }

    public static RequestRateLimiter unlimited() {
        return new RequestRateLimiter(null, null);
    }

    /**
     * Takes one permit, waiting with {@code sleeper} until it is due.
     *
     * @return how long the caller was held back (zero when a permit was free)
     */
    public Duration acquire(Sleeper sleeper) throws InterruptedException {
        if (limiter == null) {
            return Duration.ZERO;
        }
        Duration wait = limiter.reservePermit();
        if (wait.isPositive()) {
            sleeper.sleep(wait);
            return wait;
        }
        return Duration.ZERO;
    }

    /** The budget, or null when unlimited. */
    public RateLimitSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec == null ? "unlimited" : spec.requests() + " requests per " + spec.per();
    }
}
