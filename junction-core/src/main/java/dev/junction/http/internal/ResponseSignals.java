package dev.junction.http.internal;

import java.time.Duration;

/**
 * What one response tells a learning budget, read before the budget's state is touched: whether the
 * API accepted the request (2xx) or refused it (429), whether its count for the window is used up
 * ({@code Remaining: 0}), and the hold it asks of every caller. The hold is a {@code Retry-After};
 * without one, the reset of a 429 or of a used-up count. A hold in whole seconds next to a reset is
 * taken as rounded up by the API, so a learned window start ({@link WindowStarts}) may end it sooner.
 *
 * @param ok a 2xx
 * @param refused a 429
 * @param empty the remaining count is 0
 * @param hold how long every caller is held from now, or null for no hold
 * @param rounded whether {@code hold} is a reset rounded up to whole seconds
 */
record ResponseSignals(boolean ok, boolean refused, boolean empty, Duration hold, boolean rounded) {
    static ResponseSignals of(int status, RateLimitHeaders headers) {
        boolean empty = headers.remaining() != null && headers.remaining() == 0;
        Duration hold = null;
        boolean rounded = false;
        if (headers.retryAfter() != null) {
            hold = headers.retryAfter();
            rounded = hold.getNano() == 0 && headers.reset() != null;
        } else if (headers.reset() != null && (status == 429 || empty)) {
            hold = headers.reset();
            rounded = hold.getNano() == 0;
        }
        return new ResponseSignals(status >= 200 && status < 300, status == 429, empty, hold, rounded);
    }

    /** Used up, with no word of when it comes back (no reset, no Retry-After) on a response that is not a 429. */
    boolean usedUpUntilUnknown() {
        return hold == null && empty && !refused;
    }
}
