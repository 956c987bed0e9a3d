package dev.junction.http.internal;

/**
 * This process's part of a budget that {@code participants} processes (cluster nodes) spend together:
 * the API counts every node's requests against one account, so each node keeps to an even share.
 * With one participant (the default, and always on a single node) every method returns its argument.
 *
 * <ul>
 *   <li>Spacing: a node sends one request every {@code interval × participants}, for the declared
 *       spacing and for one learned from a {@code RateLimit-Policy} (the account's policy, too).</li>
 *   <li>Counts per window: a node spends {@code count / participants} of them (at least 1) — the
 *       slots of a {@code window: fixed} budget and its window's worth of sends.</li>
 *   <li>What the API says remains (a remaining count, the burst credit from it): the same count is
 *       read by every node, so each spends {@code remaining / participants}, rounded down.</li>
 * </ul>
 *
 * <p>Pauses the API asks for (Retry-After, a reset with 0 remaining) are the account's and hold every
 * node in full; they are not shared out. Not thread-safe: {@link AdaptiveBudget} calls it under its lock;
 * {@link #participants()} may be read from any thread.
 */
final class BudgetShare {
    private volatile int participants = 1;

    /** How many nodes spend the budget, this one included. */
    int participants() {
        return participants;
    }

    /** @return whether the number changed; @throws IllegalArgumentException below 1 */
    boolean participants(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("participants: expected 1 or more (this node counts), was " + value);
        }
        int before = participants;
        participants = value;
        return before != value;
    }

    /** This node's spacing for the whole budget's {@code nanos} between requests (saturating). */
    long spacing(long nanos) {
        int n = participants;
        return n == 1 || nanos == 0 ? nanos : nanos > Long.MAX_VALUE / n ? Long.MAX_VALUE : nanos * n;
    }

    /** This node's part of a count the budget allows per window: at least 1. */
    long slots(long count) {
        return Math.max(1, count / participants);
    }

    /** This node's part of what the API says remains of the account's count (may be 0). */
    long remaining(long count) {
        return count <= 0 ? count : count / participants;
    }
}
