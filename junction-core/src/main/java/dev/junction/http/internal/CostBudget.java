package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.spec.RateLimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection's budget of points, as the API reports it in each answer's body ({@link RateLimitSpec.Cost}):
 * a GraphQL API's query cost, or a window of points. Before a call it reserves what the call is expected to
 * cost (what the last call of the same operation was reported to cost) and says how long to wait until the
 * points are there; each answer that reports the points left replaces the estimate.
 *
 * <p>The estimate: the points reported by the newest answer, minus what the calls still in flight were
 * expected to cost (the API may not have counted them yet), plus what was restored since that answer
 * arrived (restored from its arrival, not from when the API counted: the estimate never runs ahead of the
 * API's own count). A bucket ({@code restoreRate}) is refilled continuously up to its maximum; a window
 * ({@code resetIn}) is refilled whole when it resets, debts carried over. Callers that find too few points
 * wait in turn: each reservation deducts its cost at once, so the next one waits behind it. A call whose
 * cost is not known yet (the first of its operation) is expected to cost the most any operation cost.
 *
 * <p>Shared by the connection's nodes like the request budget: with {@code n} participants each node
 * counts {@code 1/n} of what the API reports and restores. Thread-safe.
 */
public final class CostBudget {
    /** What a reservation took: its cost and how long its caller is to wait. */
    public record Reservation(String operation, double cost, Duration delay) {}

    private static final int AVAILABLE = 0;
    private static final int REQUESTED = 1;
    private static final int RESTORE_RATE = 2;
    private static final int MAXIMUM = 3;
    private static final int RESET_IN = 4;

    private final Clock clock;
    private final Duration maxWait;
    private final BodyNumbers numbers;
    private final boolean window;

    /** Points left at {@link #asOf}, this node's part; NaN until an answer reported them. */
    private double points = Double.NaN;
    private Instant asOf;
    /** Points restored a second (the whole account's); NaN when not known yet. */
    private double restoreRate;
    /** The bucket's or window's size (the whole account's); NaN when not known. */
    private double maximum;
    /** When a window's points come back; null when not known or for a bucket. */
    private Instant resetAt;
    /** What the calls in flight were expected to cost. */
    private double inFlight;
    private final Map<String, Double> costs = new HashMap<>();
    private double highestCost;
    private int participants = 1;

    public CostBudget(RateLimitSpec.Cost spec, Clock clock, Duration maxWait) {
        this.clock = clock;
        this.maxWait = maxWait;
        this.window = spec.restoreRate() == null;
        this.restoreRate = fixed(spec.restoreRate());
        this.maximum = fixed(spec.maximum());
        this.numbers = new BodyNumbers(Arrays.asList(spec.available(), spec.requested(), path(spec.restoreRate()), path(spec.maximum()),
                spec.resetIn()));
    }

    private static double fixed(String value) {
        return value == null || value.startsWith("$") ? Double.NaN : Double.parseDouble(value);
    }

    private static String path(String value) {
        return value == null || !value.startsWith("$") ? null : value;
    }

    /**
     * Reserves what a call of {@code operation} is expected to cost.
     *
     * @param operation the stream or action ({@code stream:orders}), or null for another call
     * @return the cost reserved and how long to wait before sending (zero when the points are there)
     */
    public synchronized Reservation reserve(String operation) {
        String key = operation == null ? "" : operation;
        Double known = costs.get(key);
        double cost = known != null ? known : highestCost;
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        if (!Double.isNaN(points)) {
            restore(now);
            double size = share(maximum);
            double need = (Double.isNaN(size) ? cost : Math.min(cost, size)) - points; // a call above the bucket's size waits for a full one
            if (need > 0) {
                wait = waitFor(need, now);
            }
            points -= cost;
        }
        inFlight += cost;
        return new Reservation(key, cost, wait);
    }

    private void restore(Instant now) {
        if (window) {
            if (resetAt != null && !now.isBefore(resetAt)) {
                double size = share(maximum);
                points = Double.isNaN(size) ? Double.NaN : size + Math.min(0, points); // debts carry over
                asOf = now;
                resetAt = null;
            }
            return;
        }
        double rate = share(restoreRate);
        if (!Double.isNaN(rate) && now.isAfter(asOf)) {
            double restored = points + rate * Duration.between(asOf, now).toNanos() / 1e9;
            double size = share(maximum);
            points = Double.isNaN(size) ? restored : Math.min(size, restored);
        }
        asOf = now;
    }

    private Duration waitFor(double need, Instant now) {
        Duration wait;
        if (window) {
            wait = resetAt == null ? Duration.ZERO : Duration.between(now, resetAt);
        } else {
            double rate = share(restoreRate);
            wait = Double.isNaN(rate) || rate <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(need / rate * 1e9));
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    private double share(double value) {
        return Double.isNaN(value) ? value : value / participants;
    }

    /**
     * Learns from the answer to the call {@code reservation} was taken for: the points left (the estimate
     * from now on), what the call cost (what the operation's next call is expected to cost), the rate, the
     * size and the window's reset, whichever the answer reports.
     */
    public void observe(Reservation reservation, HttpResponse response) {
        double[] found = numbers.read(response); // outside the lock: the body is read as it streams by
        synchronized (this) {
            inFlight = Math.max(0, inFlight - reservation.cost());
            Instant now = clock.instant();
            if (found[REQUESTED] >= 0) {
                costs.put(reservation.operation(), found[REQUESTED]);
                highestCost = Math.max(highestCost, found[REQUESTED]);
            }
            if (found[RESTORE_RATE] > 0) {
                restoreRate = found[RESTORE_RATE];
            }
            if (found[MAXIMUM] > 0) {
                maximum = found[MAXIMUM];
            }
            if (found[RESET_IN] >= 0) {
                resetAt = now.plusNanos((long) Math.ceil(found[RESET_IN] * 1e9));
            }
            if (!Double.isNaN(found[AVAILABLE])) {
                points = share(found[AVAILABLE]) - inFlight;
                asOf = now;
            }
        }
    }

    /** The call {@code reservation} was taken for got no answer: it is no longer in flight. */
    public synchronized void abandon(Reservation reservation) {
        inFlight = Math.max(0, inFlight - reservation.cost());
    }

    /** Counts {@code 1/participants} of what the API reports and restores from now on. */
    public synchronized void share(int participants) {
        if (!Double.isNaN(points)) {
            points = points * this.participants / participants;
        }
        this.participants = participants;
    }

    /** This node's estimate of the points left now; NaN until an answer reported them. */
    public synchronized double points() {
        if (!Double.isNaN(points)) {
            restore(clock.instant());
        }
        return points;
    }

    /** What a call of {@code operation} is expected to cost now. */
    public synchronized double expectedCost(String operation) {
        Double known = costs.get(operation == null ? "" : operation);
        return known != null ? known : highestCost;
    }

    @Override
    public synchronized String toString() {
        return "points read from answers" + (Double.isNaN(points) ? "" : String.format(java.util.Locale.ROOT, " (%.0f left)", points));
    }
}
