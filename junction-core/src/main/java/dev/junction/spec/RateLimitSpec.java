package dev.junction.spec;

import java.time.Duration;
import java.util.Locale;

/**
 * A client-side budget, shared by every run on the connection within one process (and split among the
 * processes on one store that call the connection, unless its scope is {@link Scope#NODE}): at most
 * {@code requests} per {@code per} (both 0/null: no declared rate), at most {@code maxConcurrency}
 * requests in flight (0: no cap), and, with {@code learnFromHeaders}, pauses learned from the API's
 * {@code Retry-After}, {@code X-RateLimit-*} and {@code RateLimit-*} headers. {@code window} says how the
 * declared rate may be spent: spread evenly ({@link Window#SPACED}, the default: right for every kind of
 * limiter, including token buckets without burst) or all at once and then wait ({@link Window#FIXED}:
 * for APIs that count requests per window, so a window's requests may leave at its start).
 * {@code scope} says whose budget it is: the connection's account, shared by every node (process) on one
 * store that calls it ({@link Scope#CONNECTION}, the default), or each node's own ({@link Scope#NODE}).
 * {@code cost} (null: none) is a budget of points the API reports in each answer's body, such as a GraphQL
 * API's query cost.
 */
public record RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders, Window window, Scope scope, Cost cost) {

    /**
     * A budget of points that the API reports in each answer's body, not in headers: a GraphQL API's query
     * cost (Shopify: a bucket of {@code maximumAvailable} points refilled at {@code restoreRate} a second,
     * each query taking its {@code requestedQueryCost}), or a window of points with the seconds until it
     * resets (monday.com's complexity budget). Each value is a JSON path of field names into the answer
     * ({@code $.extensions.cost.throttleStatus.currentlyAvailable}); {@code restoreRate} and {@code maximum}
     * may also be a fixed number (written as text, such as {@code "50"}).
     *
     * @param available the points left after the call (required)
     * @param requested what the call cost or was estimated to cost: the next call of the same stream or action
     *     is expected to cost as much (null: not reported)
     * @param restoreRate points restored per second (a path or a number), or null for a window ({@code resetIn})
     * @param maximum the bucket's or window's size (a path or a number), or null when not reported
     * @param resetIn seconds from the answer until the window's points are restored, or null for a bucket
     */
    public record Cost(String available, String requested, String restoreRate, String maximum, String resetIn) {
        public Cost {
            java.util.Objects.requireNonNull(available, "available");
            if (restoreRate == null && resetIn == null) {
                throw new IllegalArgumentException("cost: expected restoreRate (a bucket) or resetIn (a window)");
            }
        }
    }

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

    /** Whose budget the declared rate is. */
    public enum Scope {
        /**
         * The connection's (the API account's): the nodes on one store that call the connection split it
         * evenly among themselves.
         */
        CONNECTION,
        /** Each node's own, in full: for APIs that count per client address, with one egress address per node. */
        NODE;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RateLimitSpec {
        window = window == null ? Window.SPACED : window;
        scope = scope == null ? Scope.CONNECTION : scope;
    }

    /** Without a {@link Cost} budget. */
    public RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders, Window window, Scope scope) {
        this(requests, per, maxConcurrency, learnFromHeaders, window, scope, null);
    }

    /** Shared by the connection's nodes ({@link Scope#CONNECTION}). */
    public RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders, Window window) {
        this(requests, per, maxConcurrency, learnFromHeaders, window, Scope.CONNECTION);
    }

    public RateLimitSpec(int requests, Duration per, int maxConcurrency, boolean learnFromHeaders) {
        this(requests, per, maxConcurrency, learnFromHeaders, Window.SPACED);
    }

    public RateLimitSpec(int requests, Duration per) {
        this(requests, per, 0, false);
    }

    /** This budget with {@code value} as its scope. */
    public RateLimitSpec withScope(Scope value) {
        return new RateLimitSpec(requests, per, maxConcurrency, learnFromHeaders, window, value, cost);
    }

    /**
     * Whether the nodes that call the connection split this budget: its scope is the connection and it
     * paces requests (a declared rate, one learned from the API's headers, or points from its answers). A cap on requests in flight
     * alone stays each node's.
     */
    public boolean sharedByNodes() {
        return scope == Scope.CONNECTION && (hasRate() || learnFromHeaders || cost != null);
    }

    /** True when a request rate is declared. */
    public boolean hasRate() {
        return requests > 0 && per != null && per.isPositive();
    }
}
