package dev.junction.http;

import dev.junction.http.internal.AdaptiveBudget;
import dev.junction.http.internal.CostBudget;
import dev.junction.spec.RateLimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A connection's client-side request budget: at most {@code requests} per {@code per}, spread
 * evenly (one permit every {@code per / requests}), so no window of that length ever sees more than
 * the budget, however the API aligns its windows. One instance per connection, shared by every caller
 * and thread; {@link RateLimiters} hands out the shared instance.
 *
 * <p>With {@code maxConcurrency}, at most that many requests of the connection are in flight at
 * once. With {@code learnFromHeaders}, the budget also follows what the API says: a 429 or 503 with
 * {@code Retry-After}, or remaining 0 with a reset time ({@code X-RateLimit-*}, {@code RateLimit-*}),
 * holds every caller of the connection until then; a {@code RateLimit-Policy} window slows the
 * spacing when it is stricter than the declared one.
 *
 * <p>Several processes (cluster nodes on one store) that call the same connection spend its budget
 * together: something outside tells each limiter how many nodes take part ({@link #share(int)}; the
 * engine counts them through the store), and each keeps to an even share of the declared rate — its
 * spacing times the number of nodes, with {@code window: fixed} the window's requests divided by it.
 * A spacing learned from a {@code RateLimit-Policy} is the account's too and is shared the same way,
 * and so is what the API says remains (each node spends its part of the remaining count); pauses the
 * API asks for hold every node in full. A budget declared {@code scope: node} is never shared.
 *
 * <p>With {@code cost}, calls also spend a budget of points that the API reports in its answers' bodies (a
 * GraphQL API's query cost, {@link CostBudget}): a call waits until the points it is expected to cost are
 * there, before it waits for its permit.
 *
 * <p>Limits, plainly: a node's share is even, whatever the others send (a node that calls the
 * connection once in a while still takes a full share for a while); {@code maxConcurrency} stays per
 * node. Permits are reserved first and then waited for with the pipeline's {@link Sleeper}; time comes
 * from the {@link Clock} given to {@link #of(RateLimitSpec, Clock, Duration)}.
 */
public final class RequestRateLimiter {
    private static final Duration DEFAULT_MAX_PAUSE = Duration.ofMinutes(5);

    private final RateLimitSpec spec;
    private final AdaptiveBudget limiter;
    /** Points from the API's answers; null without {@code cost}. */
    private final CostBudget points;
    /** Whether a permit was taken since {@link #takeUsed()} last asked. */
    private volatile boolean used;

    private RequestRateLimiter(RateLimitSpec spec, AdaptiveBudget limiter, CostBudget points) {
        this.spec = spec;
        this.limiter = limiter;
        this.points = points;
    }

    /** A limiter for the budget on the system clock; null means unlimited. */
    public static RequestRateLimiter of(RateLimitSpec spec) {
        return of(spec, Clock.systemUTC(), DEFAULT_MAX_PAUSE);
    }

    /**
     * @param clock the time permits and learned pauses are measured in
     * @param maxPause the longest pause a response header can impose
     */
    public static RequestRateLimiter of(RateLimitSpec spec, Clock clock, Duration maxPause) {
        if (spec == null) {
            return unlimited();
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(maxPause, "maxPause");
        if (spec.maxConcurrency() < 0) {
            throw new IllegalArgumentException("rateLimit.maxConcurrency: expected 0 (no cap) or more, was " + spec.maxConcurrency());
        }
        boolean rate = spec.requests() != 0 || spec.per() != null || spec.maxConcurrency() == 0 && !spec.learnFromHeaders() && spec.cost() == null;
        if (rate && spec.requests() < 1) {
            throw new IllegalArgumentException("rateLimit.requests: expected 1 or more, was " + spec.requests());
        }
        if (rate) {
            Objects.requireNonNull(spec.per(), "rateLimit.per");
            if (!spec.per().isPositive()) {
                throw new IllegalArgumentException("rateLimit.per: expected a positive duration, was " + spec.per());
            }
        }
        Duration interval = rate ? spec.per().dividedBy(spec.requests()) : null;
        return new RequestRateLimiter(spec, new AdaptiveBudget(clock, interval, spec.maxConcurrency(), spec.learnFromHeaders(), maxPause,
                rate ? spec.per() : null, rate && spec.window() == RateLimitSpec.Window.FIXED),
                spec.cost() == null ? null : new CostBudget(spec.cost(), clock, maxPause));
    }

    public static RequestRateLimiter unlimited() {
        return new RequestRateLimiter(null, null, null);
    }

    /**
     * Takes one permit, waiting with {@code sleeper} until it is due.
     *
     * @return how long the caller was held back (zero when a permit was free)
     */
    public Duration acquire(Sleeper sleeper) throws InterruptedException {
        if (limiter == null) {
            return Duration.ZERO;
        }
        markUsed();
        return limiter.acquire(sleeper);
    }

    /** Takes a place among the requests in flight (waits while {@code maxConcurrency} are); pair with {@link #exit}. */
    public void enter() throws InterruptedException {
        if (limiter != null) {
            limiter.enter();
        }
    }

    /** Gives back the place taken by {@link #enter}. */
    public void exit() {
        if (limiter != null) {
            limiter.release();
        }
    }

    /** Lets the budget learn from a response's rate-limit headers (when {@code learnFromHeaders} is on). */
    public void observe(HttpResponse response) {
        observe(response, null);
    }

    /**
     * Same, for the request sent with {@code permit}: responses that overtake each other are then
     * told apart, the budget can keep its own copy of the API's remaining count, and learn where
     * the API's windows start.
     */
    public void observe(HttpResponse response, Permit permit) {
        if (limiter != null) {
            limiter.observe(response, permit.ticket());
        }
        if (points != null && permit.points() != null) {
            points.observe(permit.points(), response);
        }
    }

    /** The request sent with {@code permit} got no answer (it failed on the way): its points are no longer in flight. */
    public void abandon(Permit permit) {
        if (points != null && permit.points() != null) {
            points.abandon(permit.points());
        }
    }

    /**
     * Takes one permit like {@link #acquire}, numbered.
     *
     * @return how long the caller was held back, and the permit's number for {@link #observe(HttpResponse, Permit)}
     */
    public Permit take(Sleeper sleeper) throws InterruptedException {
        return take(sleeper, null);
    }

    /**
     * Same, for a call of {@code operation} ({@code stream:orders}; null for another call): with {@code cost},
     * first waits until the points a call of that operation is expected to cost are there.
     */
    public Permit take(Sleeper sleeper, String operation) throws InterruptedException {
        if (limiter == null) {
            return Permit.FREE;
        }
        markUsed();
        CostBudget.Reservation reserved = null;
        Duration waited = Duration.ZERO;
        if (points != null) {
            reserved = points.reserve(operation);
            if (reserved.delay().isPositive()) {
                try {
                    sleeper.sleep(reserved.delay());
                } catch (InterruptedException e) {
                    points.abandon(reserved);
                    throw e;
                }
                waited = reserved.delay();
            }
        }
        AdaptiveBudget.Permit permit;
        try {
            permit = limiter.take(sleeper);
        } catch (InterruptedException e) {
            if (reserved != null) {
                points.abandon(reserved);
            }
            throw e;
        }
        return new Permit(waited.plus(permit.waited()), permit.ticket(), reserved);
    }

    private void markUsed() {
        if (!used) {
            used = true; // read first: most permits find it set, and leave the cache line alone
        }
    }

    /** Whether a permit was taken since {@link #takeUsed()} last asked; leaves the mark as it is. */
    public boolean used() {
        return used;
    }

    /**
     * Whether a permit was taken since the last call, which clears the mark: the engine asks every
     * few seconds, to tell the other nodes that this one spends the budget.
     */
    public boolean takeUsed() {
        if (!used) {
            return false;
        }
        used = false;
        return true;
    }

    /**
     * Spends the budget with {@code participants - 1} other nodes from now on (1: alone, the
     * default): see the class comment. Nothing to share for an unlimited limiter.
     *
     * @return whether the number changed
     * @throws IllegalArgumentException when {@code participants} is below 1
     */
    public boolean share(int participants) {
        if (participants < 1) {
            throw new IllegalArgumentException("participants: expected 1 or more (this node counts), was " + participants);
        }
        if (points != null) {
            points.share(participants);
        }
        return limiter != null && limiter.share(participants);
    }

    /** How many nodes spend this budget, this one included (1 unless {@link #share} said otherwise). */
    public int participants() {
        return limiter == null ? 1 : limiter.participants();
    }

    /**
     * This node's part of the budget, for logs: "40 per 10s" (of a declared rate; a fixed window's slots
     * are whole), or without one "1/3 of what the API's headers allow".
     */
    public String describeShare() {
        int n = participants();
        if (spec == null || !spec.hasRate()) {
            return spec == null ? "unlimited" : (n == 1 ? "" : "1/" + n + " of ") + "what the API's headers allow";
        }
        String per = " per " + dev.junction.spec.internal.Durations.format(spec.per());
        if (spec.requests() % n == 0 || spec.window() == RateLimitSpec.Window.FIXED) {
            return Math.max(1, spec.requests() / n) + per; // a fixed window's slots are whole
        }
        return java.math.BigDecimal.valueOf(spec.requests()).divide(java.math.BigDecimal.valueOf(n), 1, java.math.RoundingMode.DOWN)
                .stripTrailingZeros().toPlainString() + per;
    }

    /**
     * A permit of the budget: how long its caller waited, its number, and the points it reserved (null
     * without {@code cost}).
     */
    public record Permit(Duration waited, long ticket, CostBudget.Reservation points) {
        static final Permit FREE = new Permit(Duration.ZERO, 0, null);

        public Permit(Duration waited, long ticket) {
            this(waited, ticket, null);
        }
    }

    /** The points budget read from the API's answers, or null without {@code cost}. */
    public CostBudget points() {
        return points;
    }

    /** Until when every caller of the connection is held by a learned pause, or null. */
    public java.time.Instant pausedUntil() {
        return limiter == null ? null : limiter.pausedUntil();
    }

    /** The spacing between requests in force now: the declared or learned one with the learned margin; zero when unlimited. */
    public Duration interval() {
        return limiter == null ? Duration.ZERO : limiter.interval();
    }

    /** The budget, or null when unlimited. */
    public RateLimitSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        if (spec == null) {
            return "unlimited";
        }
        String text = spec.hasRate() ? spec.requests() + " requests per " + spec.per() : "no declared rate";
        return text + (spec.maxConcurrency() > 0 ? ", at most " + spec.maxConcurrency() + " in flight" : "")
                + (spec.learnFromHeaders() ? ", learning from headers" : "") + (points != null ? ", " + points : "");
    }
}
