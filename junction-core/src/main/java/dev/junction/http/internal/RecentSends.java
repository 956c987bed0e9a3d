package dev.junction.http.internal;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * When a budget's most recent permits were used, at most this node's share of the declared window's
 * worth: whether a 429 came although the last window saw fewer sends than the limit allows, and where
 * a window that used the API's count up began. Oldest first; not thread-safe ({@link AdaptiveBudget}
 * calls it under its lock).
 */
final class RecentSends {
    private final ArrayDeque<Instant> sends = new ArrayDeque<>();

    /** Records a send at {@code at}, keeping the newest {@code most}. */
    void add(Instant at, long most) {
        sends.addLast(at);
        keep(most);
    }

    /** Forgets all but the newest {@code most}. */
    void keep(long most) {
        while (sends.size() > most) {
            sends.pollFirst();
        }
    }

    /** How many of them were after {@code from}. */
    long after(Instant from) {
        return sends.stream().filter(t -> t.isAfter(from)).count();
    }

    /** The oldest of them when there are at least {@code count}, else null. */
    Instant oldestOf(long count) {
        return sends.size() >= count ? sends.peekFirst() : null;
    }
}
