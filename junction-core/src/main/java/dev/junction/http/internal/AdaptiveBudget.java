package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The state of one connection's budget, shared by all its callers: a declared (and possibly
 * learned) spacing between requests, a pause learned from the API's headers, and a cap on requests
 * in flight. Time comes from the injected {@link Clock}; waits go through the caller's
 * {@link Sleeper}, so tests run on fake time. When several nodes spend it together ({@link #share}),
 * this one keeps to its part ({@link BudgetShare}).
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
 * waste most of a second per window: when the window length is known ({@link KnownRate}), a hold
 * ends at a window start learned from the remaining counts instead ({@link WindowStarts}).
 *
 * <p>Margin: a learning budget spaces a little wider than declared, widens on 429s that came at its
 * pace, narrows back slowly while calm, and for a while stays above the spacing that drew the last
 * 429 ({@link SpacingMargin}).
 *
 * <p>Credit: a learning budget spends the tokens the API says remain (its newest remaining count,
 * less the permits handed out since and those in flight) at once, without spacing, then spaces again:
 * a bucket that starts full is used at its full size. A fixed window ({@code window: fixed},
 * {@link SendWindow}) spends the declared limit at a window's start. A {@code Remaining: 0} without
 * any reset holds every caller until the declared (or learned) window ends ({@link KnownRate#usedUpWindowEnd}).
 *
 * <p>Single tokens: once the API is seen to hand out one token at a time ({@link SingleTokens}), a
 * 2xx's {@code Remaining: 0} holds nobody and a 429 (up to two in a row) holds only the refused call:
 * the spacing, widened by the margin, keeps the pace; with no rate declared or learned, a
 * {@link TokenProbe} finds it.
 *
 * <p>Locking: this object's monitor guards all its state. The parts it keeps are immutable values it
 * replaces under it ({@link KnownRate}, {@link Allowance}, {@link SingleTokens}) or helpers only it
 * calls under it; the in-flight cap ({@link InFlight}) alone is thread-safe on its own.
 */
public final class AdaptiveBudget {
    private final Clock clock;
    private final boolean learn;
    private final Duration maxPause;
    private final InFlight inFlight;

    /** The declared rate, and the one learned from a policy. */
    private KnownRate rate;
    private final WindowStarts windowStarts = new WindowStarts();
    private long lastTicket;
    private long issued;
    /** The budget's own copy of the API's count for its current window. */
    private Allowance quota = Allowance.UNKNOWN;
    /** When the last permit was used (its caller went on to send), for spacing that holds at send time. */
    private Instant lastSent = Instant.MIN;
    /** The learned safety margin on the spacing. */
    private final SpacingMargin margin;
    /** How many nodes spend this budget together, and this one's part of it. */
    private final BudgetShare share = new BudgetShare();
    /** With {@code window: fixed}: the slots of the declared limit (else null: spacing). */
    private final SendWindow window;
    /**
     * Tokens the API said it has left that the spacing would not use before they reset (its newest
     * remaining count, less the permits handed out since and those the spacing hands out until the
     * reset). A learning budget spends them without spacing.
     */
    private Allowance credit = Allowance.UNKNOWN;
    /** Whether the API hands out single tokens (a bucket of one). */
    private SingleTokens singleTokens = SingleTokens.NOT_SEEN;
    /** The pace probed for single tokens when no rate is declared or learned (else null). */
    private TokenProbe probe;
    /** Set by the first 429 while learning: the API counts arrivals strictly, so spacing is kept between actual sends too. */
    private boolean strict;
    /** When the most recent permits were used, at most the declared window's worth. */
    private final RecentSends sends = new RecentSends();
    /** 429s in a row among the newest responses. */
    private int refusedInARow;

    /** A permit: how long its caller waited, and its number (give it back to {@link #observe(HttpResponse, long)}). */
    public record Permit(Duration waited, long ticket) {}

    /** A reserved slot: the wait, the permit's number, and whether it spends the API's credit (no spacing between sends then). */
    private record Slot(Duration waited, long ticket, boolean burst) {}
    private Instant nextFree = Instant.MIN;
    private Instant pausedUntil = Instant.MIN;

    /**
     * @param interval the declared spacing, or null/zero for none
     * @param maxConcurrency the most requests in flight at once, 0 for no cap
     * @param learn whether {@link #observe} changes anything
     * @param maxPause the longest pause a header can impose (longer ones are cut to it)
     */
    public AdaptiveBudget(Clock clock, Duration interval, int maxConcurrency, boolean learn, Duration maxPause) {
        this(clock, interval, maxConcurrency, learn, maxPause, null, false);
    }

    /**
     * @param declaredWindow the declared {@code per}, taken as the API's window length until a policy says otherwise; may be null
     * @param fixedWindow spend the declared limit per window ({@code window: fixed}, {@link SendWindow}) instead of
     *     spacing it; needs {@code interval} and {@code declaredWindow}
     */
    public AdaptiveBudget(Clock clock, Duration interval, int maxConcurrency, boolean learn, Duration maxPause, Duration declaredWindow,
            boolean fixedWindow) {
        this.rate = KnownRate.declared(interval, declaredWindow);
        this.clock = clock;
        this.learn = learn;
        this.maxPause = maxPause;
        this.inFlight = new InFlight(maxConcurrency);
        this.margin = new SpacingMargin(learn);
        this.window = fixedWindow && rate.windowDeclared()
                ? new SendWindow((int) rate.declaredRequests(), declaredWindow, SpacingMargin.START_MARGIN) : null;
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
        Slot permit;
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
            Duration gap = send(permit.burst());
            if (!gap.isPositive()) {
                break;
            }
            sleeper.sleep(gap);
            total = total.plus(gap);
        }
        return new Permit(total, permit.ticket());
    }

    /** Marks a permit as used now, or says how much sooner than the spacing allows after the last one that would be. */
    private synchronized Duration send(boolean burst) {
        Instant now = clock.instant();
        long interval = intervalNanos();
        if (interval > 0 && strict && !burst && window == null) {
            Instant earliest = lastSent.plusNanos(interval);
            if (earliest.isAfter(now)) {
                return Duration.between(now, earliest);
            }
            if (now.plusNanos(interval).isAfter(nextFree)) {
                nextFree = now.plusNanos(interval);
            }
        }
        lastSent = now;
        if (rate.windowDeclared()) {
            sends.add(now, declaredSlots());
        }
        return Duration.ZERO;
    }

    /**
     * Whether a 429 is only about spacing: a declared budget whose last window saw fewer sends than
     * it allows, and the response before it was not a 429 either. The API then counts arrivals more
     * strictly than sends can be spaced (no burst at all, and network or scheduling jitter), and its
     * window is not used up: holding every caller for a Retry-After rounded up to whole seconds
     * would waste that second. The refused call still waits its Retry-After in the retry step.
     */
    private boolean onlySpacing(Instant now) {
        if (singleTokens.seen() && refusedInARow <= 2) {
            return true; // an API of single tokens: a 429 is jitter at its pace, its Retry-After (whole seconds) no window's end
        }
        if (!rate.windowDeclared() || refusedInARow > 1 || window != null) {
            return false;
        }
        return sends.after(now.minus(rate.declaredWindow())) < declaredSlots();
    }

    /**
     * The spacing in force, in nanoseconds: the declared or learned one, whichever is slower, with the learned
     * margin; for this node (times the nodes sharing the budget) or, when {@code whole}, for all of them together.
     */
    private long intervalNanos(boolean whole) {
        long paced = rate.nanos();
        return (long) (Math.max(whole ? paced : share.spacing(paced), probe == null ? 0 : probe.nanos()) * margin.value());
    }

    private long intervalNanos() {
        return intervalNanos(false);
    }

    /** Spends this budget with {@code participants - 1} other nodes ({@link BudgetShare}). @return whether the number changed */
    public synchronized boolean share(int participants) {
        boolean changed = share.participants(participants);
        long slots = declaredSlots();
        if (window != null) {
            window.limit((int) Math.min(Integer.MAX_VALUE, slots));
        }
        sends.keep(slots);
        return changed;
    }

    /** How many nodes spend this budget, this one included. */
    public int participants() {
        return share.participants();
    }

    private synchronized Slot reserve() {
        Instant now = clock.instant();
        // tokens the API said remain beyond the requests in flight are spent at once, without spacing
        boolean burst = learn && credit.count() > inFlight.countOrOne() && now.isBefore(credit.until()) && !pausedUntil.isAfter(now);
        Instant slot = now;
        if (!burst) {
            slot = window != null ? window.next(now) : nextFree.isAfter(now) ? nextFree : now;
        }
        if (pausedUntil.isAfter(slot)) {
            slot = pausedUntil;
        }
        // The API's own count for the current window: once it is used up, wait for the window's end.
        Instant counted = quota.slotFor(slot);
        quota = quota.after(slot);
        slot = counted;
        if (burst) {
            credit = credit.spentOne();
        }
        if (window != null) {
            window.take(slot);
        }
        long interval = intervalNanos();
        if (interval > 0 && !burst && window == null) {
            nextFree = slot.plusNanos(interval);
        }
        return new Slot(Duration.between(now, slot), ++issued, burst);
    }

    private synchronized boolean pausedNow() {
        return pausedUntil.isAfter(clock.instant());
    }

    /** Takes a slot of the concurrency cap; pair with {@link #release}. */
    public void enter() throws InterruptedException {
        inFlight.enter();
    }

    public void release() {
        inFlight.leave();
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
        ResponseSignals said = ResponseSignals.of(response.status(), headers);
        synchronized (this) {
            Instant now = clock.instant();
            if (headers.window() != null && headers.limit() != null && headers.limit() > 0 && headers.window().isPositive()) {
                rate = rate.learned(headers.window(), headers.limit());
            }
            boolean newest = ticket > lastTicket;
            if (newest) {
                refusedInARow = said.refused() ? refusedInARow + 1 : 0;
                boolean seenBefore = singleTokens.seen();
                singleTokens = singleTokens.after(said, headers.remaining() != null);
                if (singleTokens.seen() && !seenBefore && rate.nanos() == 0) {
                    // nothing says the pace: start from the reset shared by the limit, and probe
                    probe = TokenProbe.fromReset(headers.reset(), headers.limit());
                    nextFree = now.plusNanos(probe.nanos()); // the next request keeps the probed pace, not the none before
                }
                if (probe != null) {
                    probe.observe(said);
                }
            }
            if (said.refused()) {
                // refused although sent at the budget's pace: leave a little more room between requests
                // (once per 429 of requests sent after the last widening), and keep it between actual sends
                strict = true;
                margin.widen(ticket, issued, windowPermits());
                if (onlySpacing(now)) {
                    learnWindowStart(headers.remaining(), headers.limit(), ticket, now);
                    return;
                }
            } else {
                margin.narrowWhenCalm(issued, windowPermits());
            }
            learnWindowStart(headers.remaining(), headers.limit(), ticket, now);
            if (said.ok() && said.empty() && singleTokens.seen()) {
                credit = credit.emptied();
                return; // the next token comes at the spacing's pace, not at the reset
            }
            if (newest && headers.remaining() != null) {
                // what the spacing would send before the count resets is not spare: only the rest is spent at once
                Duration horizon = headers.reset() != null ? headers.reset() : rate.window();
                long interval = intervalNanos(true); // what all the nodes' spacing uses of the count before it resets
                long spacingUses = interval > 0 && horizon != null ? horizon.toNanos() / interval : 0;
                credit = new Allowance(share.remaining(Math.max(0, headers.remaining() - (issued - ticket) - spacingUses)),
                        now.plus(horizon == null || horizon.isZero() ? Duration.ofSeconds(1) : capped(horizon)));
            }
            if (newest && headers.remaining() != null && headers.reset() != null) {
                Instant until = now.plus(capped(headers.reset()));
                quota = new Allowance(share.remaining(Math.max(0, headers.remaining() - (issued - ticket))),
                        headers.reset().getNano() == 0 ? nextBoundaryWithin(now, until) : until);
            }
            if (said.usedUpUntilUnknown()) {
                // used up, and no word of when it comes back: wait for the window the limit is declared (or learned) per
                holdUntil(rate.usedUpWindowEnd(now, rate.windowDeclared() ? sends.oldestOf(declaredSlots()) : null, maxPause));
            }
            if (said.hold() != null && said.hold().isPositive()) {
                Instant until = now.plus(capped(said.hold()));
                holdUntil(said.rounded() ? nextBoundaryWithin(now, until) : until);
            }
        }
    }

    /** This node's part of the requests the declared limit allows per window (1 when none is declared). */
    private long declaredSlots() {
        return share.slots(rate.windowDeclared() ? rate.declaredRequests() : 1);
    }

    /** How many permits one window holds at this node's spacing, before the margin ({@link KnownRate#permitsPerWindow}). */
    private long windowPermits() {
        return rate.permitsPerWindow(share.spacing(rate.nanos()));
    }

    /** Holds every caller until {@code until} (null: no hold), unless a longer hold is in force. */
    private void holdUntil(Instant until) {
        if (until != null && until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** A wait the API asks for, cut to the longest pause a header may impose. */
    private Duration capped(Duration wait) {
        return wait.compareTo(maxPause) > 0 ? maxPause : wait;
    }

    /** Learns where windows start from a response's remaining count ({@link WindowStarts}); called before its request leaves the in-flight count. */
    private void learnWindowStart(Long remaining, Long limit, long ticket, Instant now) {
        if (remaining == null || ticket <= lastTicket) {
            return;
        }
        windowStarts.observe(remaining, limit, inFlight.countOrOne(), now);
        lastTicket = ticket;
    }

    private Instant nextBoundaryWithin(Instant now, Instant until) {
        return windowStarts.nextBoundaryWithin(now, until, rate.window());
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
