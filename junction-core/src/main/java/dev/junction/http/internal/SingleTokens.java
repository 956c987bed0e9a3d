package dev.junction.http.internal;

/**
 * Whether the API hands out single tokens (a bucket of capacity 1, a strict per-second limiter): told
 * by two accepted requests in a row that each leave {@code Remaining: 0}. A fixed or rolling window
 * counts down to 0 once per window, so one such answer says nothing; two in a row say that a reset
 * (rounded up to a second) is not a window's end, and holding every caller until it would wait a
 * second per request. Immutable: a budget keeps the newest under its lock.
 *
 * @param lastOkEmpty the newest accepted response with a remaining count said 0
 * @param seen two in a row did: the API hands out single tokens (for good, once seen)
 */
record SingleTokens(boolean lastOkEmpty, boolean seen) {
    static final SingleTokens NOT_SEEN = new SingleTokens(false, false);

    /** After the newest response: only an accepted one that gives a remaining count tells anything. */
    SingleTokens after(ResponseSignals said, boolean counted) {
        if (!said.ok() || !counted) {
            return this;
        }
        return new SingleTokens(said.empty(), seen || said.empty() && lastOkEmpty);
    }
}
