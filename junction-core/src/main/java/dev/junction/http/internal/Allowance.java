package dev.junction.http.internal;

import java.time.Instant;

/**
 * A number of requests a budget may still send, valid until an instant: its own copy of what the API
 * said remains of its count (the quota, whose permits wait for the window's end once it is 0), or the
 * part of it the spacing would not use before the reset (the credit, spent without spacing).
 * Immutable: the budget replaces its copies under its lock.
 *
 * @param count how many remain; -1 when unknown
 * @param until when the count stops being valid
 */
record Allowance(long count, Instant until) {
    /** Nothing known. */
    static final Allowance UNKNOWN = new Allowance(-1, Instant.MIN);

    /** Whether the count is known and still valid at {@code at}. */
    boolean validAt(Instant at) {
        return count >= 0 && at.isBefore(until);
    }

    /** Where a request due at {@code slot} goes when it counts against this count: to its end when none is left. */
    Instant slotFor(Instant slot) {
        return validAt(slot) && count == 0 ? until : slot;
    }

    /** What is left after a request due at {@code slot} counts against this count (the same when it does not). */
    Allowance after(Instant slot) {
        return validAt(slot) && count > 0 ? spentOne() : this;
    }

    /** One request fewer, until the same instant. */
    Allowance spentOne() {
        return new Allowance(count - 1, until);
    }

    /** None left, until the same instant. */
    Allowance emptied() {
        return new Allowance(0, until);
    }
}
