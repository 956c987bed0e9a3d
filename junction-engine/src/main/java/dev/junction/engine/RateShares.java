package dev.junction.engine;

import dev.junction.http.RateLimiters;
import dev.junction.store.RateShareRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's part in the rate budgets it shares with the other nodes on its store: a connection's
 * {@code rateLimit} is the API account's, so the nodes that call the connection split it evenly
 * ({@link dev.junction.http.RequestRateLimiter#share(int)}). Each beat ({@link Settings#every()}, on a
 * daemon thread started with the first shared budget this process hands out; at once, within a second,
 * when a budget is used that this node has not stamped lately, so a node that starts calling a
 * connection takes its share and announces itself without waiting for its next beat):
 * <ol>
 *   <li>stamps in the store the budgets this process took a permit of since the last beat;</li>
 *   <li>deletes every node's stamps older than {@link Settings#forgetAfter()} (budgets unused since,
 *       nodes that stopped without leaving);</li>
 *   <li>counts, per budget, the other nodes that stamped it within {@link Settings#horizon()}, and gives
 *       each of this process's limiters its share: those nodes and this one. A budget no other node
 *       uses is this node's alone.</li>
 * </ol>
 * A node that stops ({@link #close()}) deletes its stamps, so the others take its part back at their next
 * beat; one that crashes drops out after the horizon. When a node starts calling a connection, the
 * others keep their old share until their next beat (at most {@link Settings#every()}). A share
 * that changes is logged at INFO ("connection 'crm' budget shared by 3 nodes: 33.3 per 10s each"). A
 * failed beat is logged and the shares in force are kept until one succeeds.
 *
 * <p>Node clocks must agree within a second or so: stamps are written with one node's clock and compared
 * with another's (as run leases are).
 */
public final class RateShares implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RateShares.class);
    /** How often the thread looks for budgets used without a live stamp of this node (no store access unless it finds one). */
    private static final Duration LOOK = Duration.ofSeconds(1);

    /**
     * @param every how often this node stamps and counts (5 s); zero: never by itself, only through
     *     {@link #beatNow()} (tests)
     * @param horizon how recently another node must have stamped a budget to count (15 s); longer than
     *     {@code every}, so a node that keeps sending never drops out between two of its beats
     * @param forgetAfter stamps older than this are deleted (30 s); at least {@code horizon}
     */
    public record Settings(Duration every, Duration horizon, Duration forgetAfter) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30));

        public Settings {
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(horizon, "horizon");
            Objects.requireNonNull(forgetAfter, "forgetAfter");
            if (every.isNegative()) {
                throw new IllegalArgumentException("every: expected zero (by hand) or a positive duration, was " + every);
            }
            if (!horizon.isPositive() || horizon.compareTo(every) <= 0) {
                throw new IllegalArgumentException("horizon: expected a duration longer than every (" + every + "), was " + horizon);
            }
            if (forgetAfter.compareTo(horizon) < 0) {
                throw new IllegalArgumentException("forgetAfter: expected at least horizon (" + horizon + "), was " + forgetAfter);
            }
        }
    }

    /**
     * A shared budget as this node spends it now.
     *
     * @param connection its connection (with the operation for a stream's or action's own limit)
     * @param nodes how many nodes share it, this one included
     * @param part this node's part of the declared rate ({@code "50 per 10s"})
     */
    public record Share(String connection, int nodes, String part) {}

    private final RateShareRepository store;
    private final String node;
    private final Clock clock;
    private final Settings settings;
    private final BiConsumer<String, IntSupplier> newConnection;
    private final List<RateLimiters.Shared> budgets = new CopyOnWriteArrayList<>();
    /** Held by a beat, and by closing while it deletes this node's stamps; never while a budget is added. */
    private final Object beat = new Object();
    private ScheduledExecutorService beating; // guarded by this
    private volatile boolean closed;
    private boolean failing; // guarded by beat
    private Instant lastBeat; // guarded by beat
    /** When this node last stamped each budget key. */
    private final Map<String, Instant> stamped = new HashMap<>(); // guarded by beat

    /**
     * @param node this process's id in the store (the one its run leases name)
     * @param newConnection told once per connection that gets a shared budget, with how many nodes share
     *     its newest one (the process's metrics make a gauge of it)
     */
    public RateShares(RateShareRepository store, String node, Clock clock, Settings settings, BiConsumer<String, IntSupplier> newConnection) {
        this.store = Objects.requireNonNull(store, "store");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.newConnection = Objects.requireNonNull(newConnection, "newConnection");
    }

    /** A shared budget handed out in this process ({@link RateLimiters}' listener); the first starts the beat. */
    void add(RateLimiters.Shared budget) {
        boolean first = budgets.stream().noneMatch(b -> b.connection().equals(budget.connection()));
        budgets.add(budget);
        if (first) {
            newConnection.accept(budget.connection(), () -> nodes(budget.connection()));
        }
        synchronized (this) {
            if (beating == null && !closed && settings.every().isPositive()) {
                beating = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("junction-rate-shares").factory());
                long look = Math.min(LOOK.toMillis(), settings.every().toMillis());
                beating.scheduleWithFixedDelay(this::lookQuietly, 0, look, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            // beat logs store failures; never let the schedule stop
        }
    }

    /**
     * Beats when a beat is due, or when a budget was used that this node has no stamp of that would
     * still be live at its next beat (it just started calling the connection); else does nothing.
     */
    void look() {
        synchronized (beat) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            List<RateLimiters.Shared> all = List.copyOf(budgets);
            Instant fresh = now.minus(settings.horizon()).plus(settings.every());
            if (lastBeat == null || !now.isBefore(lastBeat.plus(settings.every()))
                    || all.stream().anyMatch(b -> b.limiter().used() && !stamped.getOrDefault(b.key(), Instant.MIN).isAfter(fresh))) {
                beat(all);
            }
        }
    }

    /** One beat: stamp, forget, count and share (see the class comment). The thread calls it; so may a test. */
    public void beatNow() {
        synchronized (beat) {
            if (!closed) {
                beat(List.copyOf(budgets));
            }
        }
    }

    private void beat(List<RateLimiters.Shared> all) {
        if (all.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        lastBeat = now; // a failed beat is tried again when the next one is due, not at every look
        Set<String> used = new TreeSet<>();
        for (RateLimiters.Shared budget : all) {
            if (budget.limiter().takeUsed()) {
                used.add(budget.key());
            }
        }
        Map<String, Integer> others;
        try {
            store.seen(node, used, now);
            used.forEach(key -> stamped.put(key, now));
            store.forgetBefore(now.minus(settings.forgetAfter()));
            others = store.others(node, now.minus(settings.horizon()));
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("could not count the nodes that share this node's rate budgets (the shares in force stay until it can): {}", e.getMessage());
            }
            failing = true;
            throw e;
        }
        failing = false;
        for (RateLimiters.Shared budget : all) {
            int nodes = others.getOrDefault(budget.key(), 0) + 1;
            if (budget.limiter().share(nodes) && newest(budget.connection()) == budget) { // an older budget of the connection is spent no more
                String part = budget.limiter().describeShare();
                if (nodes == 1) {
                    LOG.info("connection '{}' budget no longer shared: {} on this node", budget.connection(), part);
                } else {
                    LOG.info("connection '{}' budget shared by {} nodes: {} each", budget.connection(), nodes, part);
                }
            }
        }
    }

    /** How many nodes share the newest budget of {@code connection} (1 when it has none, or is alone). */
    public int nodes(String connection) {
        RateLimiters.Shared newest = newest(connection);
        return newest == null ? 1 : newest.limiter().participants();
    }

    /** The shared budgets of this process, newest per connection, as spent now. */
    public List<Share> shares() {
        List<Share> shares = new ArrayList<>();
        for (String connection : budgets.stream().map(RateLimiters.Shared::connection).distinct().sorted().toList()) {
            RateLimiters.Shared budget = newest(connection);
            shares.add(new Share(connection, budget.limiter().participants(), budget.limiter().describeShare()));
        }
        return shares;
    }

    private RateLimiters.Shared newest(String connection) {
        RateLimiters.Shared found = null;
        for (RateLimiters.Shared budget : budgets) {
            if (budget.connection().equals(connection)) {
                found = budget;
            }
        }
        return found;
    }

    /** Stops beating and deletes this node's stamps, so the other nodes take its part back at their next beat. */
    @Override
    public void close() {
        ScheduledExecutorService stop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // a beat that starts from now on does nothing
            stop = beating;
            beating = null;
        }
        if (stop != null) {
            stop.shutdownNow();
        }
        if (budgets.isEmpty()) {
            return;
        }
        synchronized (beat) {
            try {
                store.leave(node);
            } catch (RuntimeException e) {
                LOG.warn("could not delete this node's rate budget stamps (the other nodes drop it after {}): {}", settings.horizon(), e.getMessage());
            }
        }
    }
}
