package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * The state of one connection's budget, shared by all its callers: a declared (and possibly
 * learned) spacing between requests, a pause learned from the API's headers, and a cap on requests
 * in flight. Time comes from the injected {@link Clock}; waits go through the caller's
 * {@link Sleeper}, so tests run on fake time.
 *
 * <p>Spacing: permits are handed out one every {@code interval}, reserved first and then waited
 * for. Quota: with a remaining count and a reset time, permits beyond what the API has left for
 * its current window wait for that window's end (responses to requests sent meanwhile are
 * accounted for, so concurrent callers do not overshoot). Pauses: when the API says the window is used up (remaining 0 with a reset time) or answers
 * 429/503 with a Retry-After, every caller is held until then, including those already waiting for
 * a permit. Learned spacing: a {@code RateLimit-Policy} with a window ({@code w=}) spaces requests
 * at least {@code window / quota} apart, when that is slower than the declared budget.
 *
 * <p>Reset times in whole seconds are rounded up by the API, so holding until "now + reset" can
 * waste most of a second per window. When the window length is known (a policy's {@code w=}, or
 * the declared {@code per}), the budget also learns where windows start: a response whose
 * remaining count is higher than that of the response to an earlier permit shows that a window
 * began before it arrived. A hold then ends at the next such boundary, provided it falls within the
 * last second before the header's reset (so it never contradicts the header by more than its
 * rounding); otherwise the header's reset wins.
 */
public final class AdaptiveBudget {
    private final Clock clock;
    private final long declaredNanos;
    private final boolean learn;
    private final Duration maxPause;
    private final Semaphore inFlight;
    private final java.util.concurrent.atomic.AtomicInteger sending = new java.util.concurrent.atomic.AtomicInteger();
    private final Duration declaredWindow;

    private long learnedNanos;
    private Duration learnedWindow;
    private Instant windowStart;
    private Long lastRemaining;
    private long lastTicket;
    private long issued;
    private long quota = -1;
    private Instant quotaUntil = Instant.MIN;

    /** A permit: how long its caller waited, and its number (give it back to {@link #observe(HttpResponse, long)}). */
    public record Permit(Duration waited, long ticket) {}
    private Instant nextFree = Instant.MIN;
    private Instant pausedUntil = Instant.MIN;

    /**
     * @param interval the declared spacing, or null/zero for none
     * @param maxConcurrency the most requests in flight at once, 0 for no cap
     * @param learn whether {@link #observe} changes anything
     * @param maxPause the longest pause a header can impose (longer ones are cut to it)
     */
    public AdaptiveBudget(Clock clock, Duration interval, int maxConcurrency, boolean learn, Duration maxPause) {
        this(clock, interval, maxConcurrency, learn, maxPause, null);
    }

    /** @param declaredWindow the declared {@code per}, taken as the API's window length until a policy says otherwise; may be null */
    public AdaptiveBudget(Clock clock, Duration interval, int maxConcurrency, boolean learn, Duration maxPause, Duration declaredWindow) {
        this.declaredWindow = declaredWindow;
        this.clock = clock;
        this.declaredNanos = interval == null ? 0 : Math.max(0, interval.toNanos());
        this.learn = learn;
        this.maxPause = maxPause;
        this.inFlight = maxConcurrency > 0 ? new Semaphore(maxConcurrency, true) : null;
    }

    /**
     * Waits until a request may be sent: for a permit of the spacing, and for any pause, re-checking
     * the pause after each wait (it may have been learned meanwhile).
     *
     * @return how long the caller was held back
     */
    public Duration acquire(Sleeper sleeper) throws InterruptedException {
        return take(sleeper).waited();
    }

    /** Same as {@link #acquire}, also numbering the permit, so its response can be told apart from older ones. */
    public Permit take(Sleeper sleeper) throws InterruptedException {
        Duration total = Duration.ZERO;
        for (int round = 0; ; round++) {
            Permit permit = reserve();
            Duration wait = permit.waited();
            if (!wait.isPositive()) {
                return new Permit(total, permit.ticket());
            }
            sleeper.sleep(wait);
            total = total.plus(wait);
            if (!pausedNow() || round > 100) {
                return new Permit(total, permit.ticket());
            }
        }
    }

    private synchronized Permit reserve() {
        Instant now = clock.instant();
        Instant slot = now.isAfter(nextFree) ? now : nextFree;
        if (pausedUntil.isAfter(slot)) {
            slot = pausedUntil;
        }
        // The API's own count for the current window: once it is used up, wait for the window's end.
        if (quota >= 0 && slot.isBefore(quotaUntil)) {
            if (quota == 0) {
                slot = quotaUntil;
            } else {
                quota--;
            }
        }
        long interval = Math.max(declaredNanos, learnedNanos);
        if (interval > 0) {
            nextFree = slot.plusNanos(interval);
        }
        return new Permit(Duration.between(now, slot), ++issued);
    }

    private synchronized boolean pausedNow() {
        return pausedUntil.isAfter(clock.instant());
    }

    /** Takes a slot of the concurrency cap; pair with {@link #release}. */
    public void enter() throws InterruptedException {
        if (inFlight != null) {
            inFlight.acquire();
        }
        sending.incrementAndGet();
    }

    public void release() {
        sending.decrementAndGet();
        if (inFlight != null) {
            inFlight.release();
        }
    }

    /** Learns from one response (any status); does nothing unless learning is on. */
    public void observe(HttpResponse response) {
        observe(response, 0);
    }

    /**
     * Learns from one response (any status); does nothing unless learning is on. With a remaining
     * count and a reset, the budget keeps its own copy of the API's count for the window: the
     * remaining count minus the permits handed out after this one; when it reaches 0, later permits
     * wait for the window's end.
     *
     * @param ticket the number of the permit the request was sent with ({@link Permit#ticket()}),
     *     or 0 when unknown; orders responses that overtake each other
     */
    public void observe(HttpResponse response, long ticket) {
        if (!learn) {
            return;
        }
        RateLimitHeaders headers = RateLimitHeaders.read(response, clock);
        Duration pause = null;
        boolean rounded = false;
        if (headers.retryAfter() != null) {
            pause = headers.retryAfter();
            rounded = pause.getNano() == 0 && headers.reset() != null;
        } else if (headers.reset() != null && (response.status() == 429 || headers.remaining() != null && headers.remaining() == 0)) {
            pause = headers.reset();
            rounded = pause.getNano() == 0;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (headers.window() != null && headers.limit() != null && headers.limit() > 0 && headers.window().isPositive()) {
                learnedNanos = headers.window().toNanos() / headers.limit();
                learnedWindow = headers.window();
            }
            boolean newest = ticket > lastTicket;
            learnWindowStart(headers.remaining(), headers.limit(), ticket, now);
            if (newest && headers.remaining() != null && headers.reset() != null) {
                Instant until = now.plus(headers.reset().compareTo(maxPause) > 0 ? maxPause : headers.reset());
                quotaUntil = headers.reset().getNano() == 0 ? nextBoundaryWithin(now, until) : until;
                quota = Math.max(0, headers.remaining() - (issued - ticket));
            }
            if (pause != null && pause.isPositive()) {
                Instant until = now.plus(pause.compareTo(maxPause) > 0 ? maxPause : pause);
                if (rounded) {
                    until = nextBoundaryWithin(now, until);
                }
                if (until.isAfter(pausedUntil)) {
                    pausedUntil = until;
                }
            }
        }
    }

    /**
     * A remaining count that rose since an earlier-numbered request: a window began at or before
     * now. Requests in flight together may reach the API in another order than their numbers, which
     * makes the count seem to rise by up to that many; only a larger rise counts.
     * Until a rise is seen, a count within that slack of the limit (one of the first requests of
     * its window) gives a first, late estimate. Called before this response's request leaves the
     * in-flight count.
     */
    private void learnWindowStart(Long remaining, Long limit, long ticket, Instant now) {
        if (remaining == null || ticket <= lastTicket) {
            return;
        }
        int slack = Math.max(1, sending.get());
        if (lastRemaining != null && remaining - lastRemaining > slack
                || windowStart == null && limit != null && remaining >= limit - slack) {
            windowStart = now;
        }
        lastTicket = ticket;
        lastRemaining = remaining;
    }

    /** The first learned window boundary after now, when it lies within the second before {@code until}; else {@code until}. */
    private Instant nextBoundaryWithin(Instant now, Instant until) {
        Duration window = learnedWindow != null ? learnedWindow : declaredWindow;
        if (windowStart == null || window == null || !window.isPositive()) {
            return until;
        }
        long windows = Duration.between(windowStart, now).toNanos() / window.toNanos() + 1;
        Instant boundary = windowStart.plusNanos(window.toNanos() * windows);
        return boundary.isAfter(until.minusSeconds(1)) && !boundary.isAfter(until) ? boundary : until;
    }

    /** Until when every caller is held, or null when not paused. */
    public synchronized Instant pausedUntil() {
        return pausedUntil.isAfter(clock.instant()) ? pausedUntil : null;
    }

    /** The spacing in force: the declared one, or the learned one when slower. */
    public synchronized Duration interval() {
        return Duration.ofNanos(Math.max(declaredNanos, learnedNanos));
    }
}
