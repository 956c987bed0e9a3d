package dev.junction.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Acme CRM delivers webhooks: the faults a receiver must survive (duplicates, reordering, delays) and the
 * sender's retry and concurrency settings. Start from {@link #DEFAULTS} and change with the {@code with...} methods.
 *
 * <p>Per subscription, the events are taken in the order they happened. For each one, drawn from a generator seeded
 * with {@code seed} (so one sequence of events always sees the same faults): with probability {@code reorderRate} it
 * is held back and sent after the next event (or after one second when no next event comes); with probability
 * {@code duplicateRate} it is delivered twice (the same {@code webhook-id} and body); each delivery first waits
 * {@code delay} plus a random part of {@code jitter}. A delivery is tried until a 2xx answer, at most
 * {@code maxAttempts} times, waiting {@code retryBackoff} before the first retry and twice as long before each next
 * one (at most 30 s). At most {@code concurrency} deliveries per subscription are in flight; with 1 (the default) a
 * subscriber receives the events in order unless the knobs say otherwise. An event is delivered with the knobs in
 * force when it happened; a change of {@code concurrency} applies at once.
 *
 * @param duplicateRate probability in [0, 1] that an event is delivered twice
 * @param reorderRate   probability in [0, 1] that an event is held back and sent after the next one
 * @param delay         fixed wait before each delivery (zero or positive)
 * @param jitter        upper bound of an extra random wait before each delivery (zero or positive)
 * @param maxAttempts   attempts per delivery, 1 to 20
 * @param retryBackoff  wait before the first retry (zero or positive), doubled for each further retry
 * @param concurrency   deliveries in flight per subscription, 1 to 256
 * @param seed          seed of the generator that picks duplicates, held events and jitter
 */
public record WebhookKnobs(double duplicateRate, double reorderRate, Duration delay, Duration jitter, int maxAttempts,
                           Duration retryBackoff, int concurrency, long seed) {

    /** No faults, 5 attempts 200 ms apart (doubling), one delivery at a time per subscription. */
    public static final WebhookKnobs DEFAULTS =
            new WebhookKnobs(0, 0, Duration.ZERO, Duration.ZERO, 5, Duration.ofMillis(200), 1, 0);

    /** The longest wait between two attempts, whatever the backoff doubles to. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public WebhookKnobs {
        requireRate("duplicateRate", duplicateRate);
        requireRate("reorderRate", reorderRate);
        requireNotNegative("delay", delay);
        requireNotNegative("jitter", jitter);
        requireNotNegative("retryBackoff", retryBackoff);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 20, got " + maxAttempts);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256, got " + concurrency);
        }
    }

    /** The wait before attempt {@code attempt} (2 or more). */
    public Duration backoffBefore(int attempt) {
        Duration wait = retryBackoff;
        for (int i = 2; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    public WebhookKnobs withDuplicateRate(double value) {
        return new WebhookKnobs(value, reorderRate, delay, jitter, maxAttempts, retryBackoff, concurrency, seed);
    }

    public WebhookKnobs withReorderRate(double value) {
        return new WebhookKnobs(duplicateRate, value, delay, jitter, maxAttempts, retryBackoff, concurrency, seed);
    }

    public WebhookKnobs withDelay(Duration value) {
        return new WebhookKnobs(duplicateRate, reorderRate, value, jitter, maxAttempts, retryBackoff, concurrency, seed);
    }

    public WebhookKnobs withJitter(Duration value) {
        return new WebhookKnobs(duplicateRate, reorderRate, delay, value, maxAttempts, retryBackoff, concurrency, seed);
    }

    public WebhookKnobs withMaxAttempts(int value) {
        return new WebhookKnobs(duplicateRate, reorderRate, delay, jitter, value, retryBackoff, concurrency, seed);
    }

    public WebhookKnobs withRetryBackoff(Duration value) {
        return new WebhookKnobs(duplicateRate, reorderRate, delay, jitter, maxAttempts, value, concurrency, seed);
    }

    public WebhookKnobs withConcurrency(int value) {
        return new WebhookKnobs(duplicateRate, reorderRate, delay, jitter, maxAttempts, retryBackoff, value, seed);
    }

    public WebhookKnobs withSeed(long value) {
        return new WebhookKnobs(duplicateRate, reorderRate, delay, jitter, maxAttempts, retryBackoff, concurrency, value);
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
