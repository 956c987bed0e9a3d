package dev.junction.http;

import dev.junction.spec.RateLimitSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands out one {@link RequestRateLimiter} per connection and budget, so every client, run and thread
 * of the same connection draws from the same budget. Keep one instance per process (it lives in
 * {@link PipelineOptions}).
 *
 * <p>A budget that the nodes calling its connection share ({@link RateLimitSpec#sharedByNodes()}) is
 * also listed in {@link #shared()}, with a key that names it across processes, and announced to the
 * listener given at construction: the engine tells the other nodes it uses the budget, counts them, and
 * gives each limiter its share ({@link RequestRateLimiter#share(int)}).
 */
public final class RateLimiters {
    private record Key(String tenant, String connection, RateLimitSpec spec) {}

    /**
     * A budget shared by the nodes that call its connection.
     *
     * @param key the same in every process for the same tenant, connection (or connection and operation)
     *     and declared rate: {@link #sharedKey}
     * @param connection the connection it belongs to, with the operation for a stream's or action's own
     *     limit ({@code "crm stream:search"}); for people
     */
    public record Shared(String key, String connection, RequestRateLimiter limiter) {}

    private final ConcurrentMap<Key, RequestRateLimiter> limiters = new ConcurrentHashMap<>();
    private final List<Shared> shared = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Duration maxPause;
    private final Consumer<Shared> onShared;

    /** On the system clock; a header can pause a connection for at most 5 minutes. */
    public RateLimiters() {
        this(Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /**
     * @param clock the time of every budget handed out (a fake one in tests)
     * @param maxPause the longest pause a response header can impose on a connection
     */
    public RateLimiters(Clock clock, Duration maxPause) {
        this(clock, maxPause, shared -> { });
    }

    /** @param onShared told once of each shared budget handed out, after it is made (on the caller's thread) */
    public RateLimiters(Clock clock, Duration maxPause, Consumer<Shared> onShared) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPause = Objects.requireNonNull(maxPause, "maxPause");
        this.onShared = Objects.requireNonNull(onShared, "onShared");
    }

    /** The shared limiter of {@code connection} of no particular tenant; a changed budget gets a fresh limiter. */
    public RequestRateLimiter forConnection(String connection, RateLimitSpec spec) {
        return forConnection(null, connection, spec);
    }

    /**
     * The shared limiter of {@code connection} of {@code tenant} (null: none); a changed budget gets a
     * fresh limiter. {@code connection} names the connection, followed by the operation for a stream's
     * or action's own limit ({@code "crm stream:search"}).
     */
    public RequestRateLimiter forConnection(String tenant, String connection, RateLimitSpec spec) {
        Objects.requireNonNull(connection, "connection");
        if (spec == null) {
            return RequestRateLimiter.unlimited();
        }
        Key key = new Key(tenant, connection, spec);
        RequestRateLimiter existing = limiters.get(key);
        if (existing != null) {
            return existing;
        }
        Shared[] made = new Shared[1];
        RequestRateLimiter limiter = limiters.computeIfAbsent(key, k -> {
            RequestRateLimiter fresh = RequestRateLimiter.of(k.spec(), clock, maxPause);
            if (k.spec().sharedByNodes()) {
                made[0] = new Shared(sharedKey(tenant, connection, spec), connection, fresh);
                shared.add(made[0]);
            }
            return fresh;
        });
        if (made[0] != null) {
            onShared.accept(made[0]);
        }
        return limiter;
    }

    /** The budgets handed out so far that are shared by the nodes calling their connection. */
    public List<Shared> shared() {
        return List.copyOf(shared);
    }

    /**
     * The name of a budget across processes: a SHA-256 (hex) of its tenant, connection (and operation)
     * and declared rate ({@code requests}, {@code per}, {@code window}), so two nodes with the same
     * definitions agree, and a changed rate is a budget of its own.
     */
    public static String sharedKey(String tenant, String connection, RateLimitSpec spec) {
        String canonical = "tenant=" + (tenant == null ? "" : tenant) + "\nconnection=" + connection + "\nrequests=" + spec.requests()
                + "\nper=" + (spec.per() == null ? "" : spec.per()) + "\nwindow=" + spec.window().yamlName();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
