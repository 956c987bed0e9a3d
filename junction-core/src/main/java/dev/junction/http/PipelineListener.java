package dev.junction.http;

import dev.junction.store.ExchangeRecord;
import java.time.Duration;
import java.util.List;

/**
 * Observes calls going through an {@link HttpPipeline}. Every method has a no-op default; override
 * what you need. Methods run on the calling thread, so they must be quick and thread-safe.
 *
 * <p>Event order for one call, per attempt {@code n = 1, 2, ...}:
 * <ol>
 *   <li>{@link #onRateLimitWait} when the connection's client-side budget made the attempt wait
 *       (only when the wait was longer than zero);
 *   <li>{@link #onExchange} once the attempt got a response or failed (after the {@link ExchangeSink}
 *       accepted the same record);
 *   <li>when another attempt follows: {@link #onThrottled} if the attempt was answered with 429, then
 *       {@link #onRetry} with {@code n + 1}, then the wait, then the next attempt from step 1.
 * </ol>
 * Nothing is reported when the call finally succeeds or fails: the caller sees that directly.
 *
 * <p>The pipeline calls the forms that also carry the attempt's {@link CallContext} (which connection,
 * which stream or action); by default they call the plain forms, so a listener overrides whichever it
 * needs.
 */
public interface PipelineListener {
    PipelineListener NONE = new PipelineListener() {};

    /** The client-side rate limit held the attempt back for {@code waited}. */
    default void onRateLimitWait(Duration waited) {}

    /** {@link #onRateLimitWait(Duration)} with the attempt's context. */
    default void onRateLimitWait(Duration waited, CallContext context) {
        onRateLimitWait(waited);
    }

    /** One attempt finished; the record is redacted and truncated. */
    default void onExchange(ExchangeRecord exchange) {}

    /** {@link #onExchange(ExchangeRecord)} with the attempt's context (its {@link CallContext#operation()} names the endpoint). */
    default void onExchange(ExchangeRecord exchange, CallContext context) {
        onExchange(exchange);
    }

    /** The API answered 429; the next attempt waits {@code delay} (Retry-After when it was given). */
    default void onThrottled(Duration delay) {}

    /**
     * The call will be attempted again.
     *
     * @param attempt the number of the attempt about to be made (2 for the first retry)
     * @param reason why the previous attempt failed, e.g. {@code HTTP 503} or {@code connection reset}
     * @param delay how long the pipeline waits before it
     */
    default void onRetry(int attempt, String reason, Duration delay) {}

    /** Forwards every event to each listener, in order. */
    static PipelineListener of(PipelineListener... listeners) {
        List<PipelineListener> all = List.of(listeners);
        return new PipelineListener() {
            @Override
            public void onRateLimitWait(Duration waited) {
                all.forEach(l -> l.onRateLimitWait(waited));
            }

            @Override
            public void onRateLimitWait(Duration waited, CallContext context) {
                all.forEach(l -> l.onRateLimitWait(waited, context));
            }

            @Override
            public void onExchange(ExchangeRecord exchange) {
                all.forEach(l -> l.onExchange(exchange));
            }

            @Override
            public void onExchange(ExchangeRecord exchange, CallContext context) {
                all.forEach(l -> l.onExchange(exchange, context));
            }

            @Override
            public void onThrottled(Duration delay) {
                all.forEach(l -> l.onThrottled(delay));
            }

            @Override
            public void onRetry(int attempt, String reason, Duration delay) {
                all.forEach(l -> l.onRetry(attempt, reason, delay));
            }
        };
    }
}
