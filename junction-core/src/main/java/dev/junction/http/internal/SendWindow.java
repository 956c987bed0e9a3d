package dev.junction.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The slots of a budget declared {@code window: fixed}: up to {@code requests} at once, and never more
 * than {@code requests} within any span of {@code per} (stretched by a margin for the jitter between a
 * slot and the request's arrival). A window's requests may so leave at its start and the next ones wait
 * for the oldest to be {@code per} old: right for an API that counts per fixed window wherever its
 * windows start, and for a rolling window. Slots are handed out in order; not thread-safe
 * ({@link AdaptiveBudget} calls it under its lock).
 */
final class SendWindow {
    private int requests;
    private final long spanNanos;
    private final ArrayDeque<Instant> slots = new ArrayDeque<>();

    SendWindow(int requests, Duration per, double margin) {
        this.requests = Math.max(1, requests);
        this.spanNanos = (long) (per.toNanos() * margin);
    }

    /** From now on at most {@code value} slots per span (this node's share of the declared limit); at least 1. */
    void limit(int value) {
        requests = Math.max(1, value);
        while (slots.size() > requests) {
            slots.pollFirst();
        }
    }

    /** The earliest slot at or after {@code earliest} that keeps the limit. */
    Instant next(Instant earliest) {
        if (slots.size() < requests) {
            return earliest;
        }
        Instant free = slots.peekFirst().plusNanos(spanNanos);
        return free.isAfter(earliest) ? free : earliest;
    }

    /** Records a slot handed out (at or after the previous one). */
    void take(Instant slot) {
        slots.addLast(slot);
        while (slots.size() > requests) {
            slots.pollFirst();
        }
    }
}
