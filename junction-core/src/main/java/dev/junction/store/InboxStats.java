package dev.junction.store;

import java.time.Duration;

/**
 * How the inbox stands at one moment, for health checks and metrics.
 *
 * @param pending events waiting for a worker (due now or later, after a retry's backoff)
 * @param oldestPendingAge how long the oldest pending event has waited since it was received;
 *     {@link Duration#ZERO} when none is pending
 * @param claimed events a worker holds (including claims that expired and are due again)
 * @param dead events that failed for good and wait for a replay
 */
public record InboxStats(long pending, Duration oldestPendingAge, long claimed, long dead) {}
