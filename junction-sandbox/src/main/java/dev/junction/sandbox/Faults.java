package dev.junction.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection settings of one simulated service. Applied to every request except {@code /_admin/*}.
 *
 * <p>Per request, in this order: wait {@code latency}; with probability {@code resetRate} abort the connection
 * without a response; else with probability {@code errorRate} answer 500, 502 or 503; else with probability
 * {@code tooManyRequestsRate} answer 429 with {@code Retry-After: 1}. The random draws come from a generator
 * seeded with {@code seed}, so a given sequence of requests always sees the same faults.
 *
 * @param latency             added delay before each request is handled (zero or positive)
 * @param errorRate           probability in [0, 1] of a 500/502/503 answer
 * @param tooManyRequestsRate probability in [0, 1] of a 429 answer
 * @param resetRate           probability in [0, 1] of the connection being aborted without a response
 * @param seed                seed of the random generator that decides which requests fail
 */
public record Faults(Duration latency, double errorRate, double tooManyRequestsRate, double resetRate, long seed) {

    /** No latency, no failures. */
    public static final Faults NONE = new Faults(Duration.ZERO, 0, 0, 0, 0);

    public Faults {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        requireRate("errorRate", errorRate);
        requireRate("tooManyRequestsRate", tooManyRequestsRate);
        requireRate("resetRate", resetRate);
    }

    public Faults withLatency(Duration value) {
        return new Faults(value, errorRate, tooManyRequestsRate, resetRate, seed);
    }

    public Faults withErrorRate(double value) {
        return new Faults(latency, value, tooManyRequestsRate, resetRate, seed);
    }

    public Faults withTooManyRequestsRate(double value) {
        return new Faults(latency, errorRate, value, resetRate, seed);
    }

    public Faults withResetRate(double value) {
        return new Faults(latency, errorRate, tooManyRequestsRate, value, seed);
    }

    public Faults withSeed(long value) {
        return new Faults(latency, errorRate, tooManyRequestsRate, resetRate, value);
    }

    /** True when these settings can change a response (any delay or any non-zero rate). */
    public boolean active() {
        return !latency.isZero() || errorRate > 0 || tooManyRequestsRate > 0 || resetRate > 0;
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
