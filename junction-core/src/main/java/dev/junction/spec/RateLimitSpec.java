package dev.junction.spec;

import java.time.Duration;
import java.util.Locale;

/**
 * A client-side budget, shared by every run on the connection within one process: at most
 * {@code requests} per {@code per} (both 0/null: no declared rate), at most {@code maxConcurrency}
 * requests in flight (0: no cap), and, with {@code learnFromHeaders}, pauses learned from the API's
 * {@code Retry-After}, {@code X-RateLimit-*} and {@code RateLimit-*} headers. {@code window} says how the
 * declared rate may be spent: spread evenly ({@link Window#SPACED}, the default: right for every kind of
 * limiter, including token buckets without burst) or all at once and then wait ({@link Window#FIXED}:
 * for APIs that count requests per window, so a window's requests may leave at its start).
 */
public record RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders, Window window) {

    /** How a declared rate may be spent. */
    public enum Window {
        /** One request every {@code per / requests}. */
        SPACED,
        /** Up to {@code requests} at once, never more than {@code requests} within any {@code per}. */
        FIXED;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RateLimitSpec {
        window = window == null ? Window.SPACED : window;
    }

    public RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders) {
        this(requests, per, maxConcurrency, learnFromHeaders, Window.SPACED);
    }

    public RateLimitSpec(int requests, Duration per) {
        this(requests, per, 0, false);
    }

    /** True when a request rate is declared. */
    public boolean hasRate() {
        return requests > 0 && per != null && per.isPositive();
    }
}
