package dev.junction.sandbox;

/**
 * Counters of one simulated service since start or the last {@code reset()}; {@code /_admin/*} requests are not
 * counted.
 *
 * @param requests        requests received (whatever the outcome)
 * @param tooManyRequests 429 answers sent (rate limit and injected)
 * @param injectedErrors  injected 500/502/503 answers
 * @param resets          connections aborted by fault injection
 * @param unauthorized    401 answers sent
 */
public record ServiceStats(long requests, long tooManyRequests, long injectedErrors, long resets, long unauthorized) {
}
