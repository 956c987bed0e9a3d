package dev.junction.spec;

import java.time.Duration;

/**
 * Retries of retryable failures (network, 408, 429, 5xx): at most {@code maxAttempts} attempts in
 * all, exponential backoff from {@code initialDelay} capped at {@code maxDelay}; a 429's
 * Retry-After wins over the backoff. {@code maxTotalWait}, when set, caps the sum of all waits
 * between attempts of one call: a retry whose wait would go past it is not made.
 */
public record RetrySpec(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxTotalWait) {
    public static final RetrySpec DEFAULT = new RetrySpec(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetrySpec(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        this(maxAttempts, initialDelay, maxDelay, null);
    }
}
