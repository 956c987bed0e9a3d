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
 *
 * <p>Margin: a learning budget spaces a little wider than declared, widens on 429s that came at its
 * pace, narrows back slowly while calm, and for a while stays above the spacing that drew the last
 * 429 (see {@link #START_MARGIN}, {@link #MAX_MARGIN}, {@link #NARROW_STEP}, {@link #FLOOR_WINDOWS}).
 */
public final class AdaptiveBudget {
    /**
     * A learning budget starts this much wider than declared: sends spaced exactly at the limit reach
     * the API with jitter, and a late one followed by an on-time one puts one request too many into
     * some window.
     */
    static final double START_MARGIN = 1.01;
    /** Each 429 widens the spacing by this share of the declared one, up to {@link #MAX_MARGIN}. */
    static final double MARGIN_STEP = 0.01;
    /** The widest learned margin: the budget never spaces more than 5% slower than declared or learned on its own. */
    static final double MAX_MARGIN = 1.05;
    /** After a window's worth of permits without a 429, the margin narrows by this much (not below {@link #START_MARGIN}). */
    static final double NARROW_STEP = 0.0025;
    /**
     * For this many windows' worth of permits after a 429 (5 minutes at 190 per 10 s), the margin
     * stays above the one that drew it: jitter seldom changes faster, and probing below it again
     * would draw another 429.
     */
    static final int FLOOR_WINDOWS = 30;
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
    /** When the last permit was used (its caller went on to send), for spacing that holds at send time. */
    private Instant lastSent = Instant.MIN;
    /** The learned safety margin on the spacing (1.0: none), and the last permit issued when it last grew. */
    private double margin;
    private long marginTicket;
    /** The margin that drew the last 429, and the permit number until which the margin stays above it. */
    private double floor;
    private long floorUntil;
    /** The last permit issued when a 429 came or the margin last narrowed: narrowing waits a window's worth of permits after it. */
    private long calmSince;
    /** The last permit issued when the margin last narrowed, and the margin before: requests sent before drew on that one. */
    private long narrowedAt;
    private double beforeNarrowing;
    /** Set by the first 429 while learning: the API counts arrivals strictly, so spacing is kept between actual sends too. */
    private boolean strict;
    /** When the most recent permits were used, at most the declared window's worth. */
    private final java.util.ArrayDeque<Instant> sends = new java.util.ArrayDeque<>();
    /** 429s in a row among the newest responses. */
    private int refusedInARow;

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
        this.margin = learn ? START_MARGIN : 1.0;
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
        Permit permit;
        for (int round = 0; ; round++) {
            permit = reserve();
            Duration wait = permit.waited();
            if (!wait.isPositive()) {
                break;
            }
            sleeper.sleep(wait);
            total = total.plus(wait);
            if (!pausedNow() || round > 100) {
                break;
            }
        }
        // Once the API refused a request sent at the budget's pace, a caller that woke late pushes the
        // ones after it: the spacing is kept between actual sends, not only between reserved slots.
        for (int round = 0; round < 100; round++) {
            Duration gap = send();
            if (!gap.isPositive()) {
                break;
            }
            sleeper.sleep(gap);
            total = total.plus(gap);
        }
        return new Permit(total, permit.ticket());
    }

    /** Marks a permit as used now, or says how much sooner than the spacing allows after the last one that would be. */
    private synchronized Duration send() {
        Instant now = clock.instant();
        long interval = intervalNanos();
        if (interval > 0 && strict) {
            Instant earliest = lastSent.plusNanos(interval);
            if (earliest.isAfter(now)) {
                return Duration.between(now, earliest);
            }
            if (now.plusNanos(interval).isAfter(nextFree)) {
                nextFree = now.plusNanos(interval);
            }
        }
        lastSent = now;
        if (declaredWindow != null && declaredNanos > 0) {
            sends.addLast(now);
            while (sends.size() > declaredRequests()) {
                sends.pollFirst();
            }
        }
        return Duration.ZERO;
    }

    private long declaredRequests() {
        return Math.max(1, Math.round(declaredWindow.toNanos() / (double) declaredNanos));
    }

    /**
     * Whether a 429 is only about spacing: a declared budget whose last window saw fewer sends than
     * it allows, and the response before it was not a 429 either. The API then counts arrivals more
     * strictly than sends can be spaced (no burst at all, and network or scheduling jitter), and its
     * window is not used up: holding every caller for a Retry-After rounded up to whole seconds
     * would waste that second. The refused call still waits its Retry-After in the retry step.
     */
    private boolean onlySpacing(Instant now) {
        if (declaredWindow == null || declaredNanos == 0 || refusedInARow > 1) {
            return false;
        }
        Instant windowAgo = now.minus(declaredWindow);
        long recent = sends.stream().filter(t -> t.isAfter(windowAgo)).count();
        return recent < declaredRequests();
    }

    /** The spacing in force, in nanoseconds: the declared or learned one, whichever is slower, with the learned margin. */
    private long intervalNanos() {
        return (long) (Math.max(declaredNanos, learnedNanos) * margin);
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
        long interval = intervalNanos();
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
            if (newest) {
                refusedInARow = response.status() == 429 ? refusedInARow + 1 : 0;
            }
            if (response.status() == 429) {
                // refused although sent at the budget's pace: leave a little more room between requests
                // (once per 429 of requests sent after the last widening), and keep it between actual sends
                strict = true;
                widen(ticket);
                if (onlySpacing(now)) {
                    learnWindowStart(headers.remaining(), headers.limit(), ticket, now);
                    return;
                }
            }
            if (response.status() != 429) {
                narrowWhenCalm();
            }
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
     * A 429 to a request sent after the last widening: the margin it was sent with becomes the floor
     * for the next {@link #FLOOR_WINDOWS} windows, and the margin widens one step above it.
     */
    private void widen(long ticket) {
        if (ticket <= marginTicket) {
            return;
        }
        double drew = ticket <= narrowedAt ? Math.max(margin, beforeNarrowing) : margin;
        floor = drew;
        floorUntil = issued + FLOOR_WINDOWS * windowPermits();
        margin = Math.min(MAX_MARGIN, drew + MARGIN_STEP);
        marginTicket = issued;
        calmSince = issued;
    }

    /**
     * A window's worth of permits since the last 429 (or narrowing) and none refused: the margin
     * narrows one small step, but stays above the one that drew the last 429 for a while, and never
     * goes below {@link #START_MARGIN}. Jitter that came once (warm-up, a pause) then stops costing
     * throughput; jitter that keeps coming is met again at the spacing it last drew a 429 at.
     */
    private void narrowWhenCalm() {
        if (issued - calmSince < windowPermits() || margin <= START_MARGIN) {
            return;
        }
        double lowest = issued < floorUntil ? Math.max(START_MARGIN, floor + NARROW_STEP) : START_MARGIN;
        double narrower = Math.max(lowest, margin - NARROW_STEP);
        calmSince = issued;
        if (narrower < margin) {
            beforeNarrowing = margin;
            narrowedAt = issued;
            margin = narrower;
        }
    }

    /** How many permits one window holds at the spacing in force (100 when no window is known). */
    private long windowPermits() {
        long nanos = Math.max(declaredNanos, learnedNanos);
        Duration window = learnedWindow != null ? learnedWindow : declaredWindow;
        return nanos > 0 && window != null ? Math.max(1, Math.round(window.toNanos() / (double) nanos)) : 100;
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
        return Duration.ofNanos(intervalNanos());
    }
}
