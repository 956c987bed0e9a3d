package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The destination of {@link PeersScenario}: {@code POST /users/batch/upsert} with
 * {@code {"users":[...]}}, at most 100 a call. It checks every record against what
 * {@link PeerSource} sent for its id (e-mail trimmed and lower-cased, the tier's priority, the
 * nested company, the update time) and counts accepted records, distinct keys, records that fail
 * the check, 429s, and the time of the last accepted call.
 *
 * <p>In the limited modes ({@link PeerJob.Limit}) it is a token bucket refilled at 19 per second
 * (190 per 10 s) with the mode's capacity, starting full. Each call is decided on the server's
 * dispatcher thread as soon as its headers are in (as {@link HubSpotLikeDestination} does) and
 * takes a token; without one it is answered at once with 429, {@code Retry-After} (whole seconds
 * until the next token, at least 1). Every answer says {@code X-RateLimit-Limit} (the capacity),
 * {@code X-RateLimit-Remaining} (whole tokens left) and {@code X-RateLimit-Reset} (whole seconds
 * until the bucket is full again, rounded up): a capacity-1 bucket answers every 200 with
 * {@code Remaining: 0, Reset: 1}. Accepted calls answer after {@code latencyMillis} (0: at once).
 * Listens on 127.0.0.1 only.
 */
final class PeerDestination implements AutoCloseable {
    private static final byte[] OK = "{\"status\":\"COMPLETE\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_MANY = "{\"status\":\"error\",\"category\":\"RATE_LIMITS\",\"message\":\"You have reached your rate limit.\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final PeerJob.Limit limit;
    private final long latencyMillis;
    private final double perNano;
    private final HttpServer server;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ObjectMapper json = new ObjectMapper();
    private double tokens;
    private long refilledAt = System.nanoTime();

    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final LongAdder records = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastAccepted = new AtomicLong();

    PeerDestination(PeerJob.Limit limit, long latencyMillis) throws IOException {
        this.limit = limit;
        this.latencyMillis = latencyMillis;
        this.perNano = PeerJob.LIMIT / (double) PeerJob.WINDOW.toNanos();
        this.tokens = limit.capacity;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        // no executor: the dispatcher thread decides each call, a virtual thread reads and answers it
        server.createContext(PeerJob.UPSERT_PATH, exchange -> {
            Decision decision = decide();
            work.execute(() -> {
                try {
                    complete(exchange, decision);
                } catch (IOException | RuntimeException e) {
                    exchange.close();
                }
            });
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a run: forgets what arrived and fills the bucket. */
    synchronized void reset() {
        keys.clear();
        records.reset();
        invalid.reset();
        calls.reset();
        refused.reset();
        lastAccepted.set(0);
        tokens = limit.capacity;
        refilledAt = System.nanoTime();
    }

    /**
     * @param records records accepted
     * @param keys distinct keys accepted
     * @param invalid accepted records that differ from what the source sent
     * @param calls accepted calls
     * @param refused 429s
     * @param lastAccepted {@link System#nanoTime()} when the last accepted call arrived (0: none)
     */
    record Stats(long records, int keys, long invalid, long calls, long refused, long lastAccepted) {}

    Stats stats() {
        return new Stats(records.sum(), keys.size(), invalid.sum(), calls.sum(), refused.sum(), lastAccepted.get());
    }

    private record Decision(boolean ok, long remaining, long resetSeconds, long retryAfterSeconds) {}

    private synchronized Decision decide() {
        if (!limit.limited()) {
            return new Decision(true, 0, 0, 0);
        }
        long now = System.nanoTime();
        tokens = Math.min(limit.capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        boolean ok = tokens >= 1;
        if (ok) {
            tokens -= 1;
        }
        long reset = (long) Math.ceil((limit.capacity - tokens) / perNano / 1e9);
        long retryAfter = ok ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        return new Decision(ok, (long) Math.floor(tokens), reset, retryAfter);
    }

    private void complete(HttpExchange exchange, Decision decision) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (limit.limited()) {
            headers.put("X-RateLimit-Limit", Integer.toString(limit.capacity));
            headers.put("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            headers.put("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        }
        if (!decision.ok()) {
            refused.increment();
            headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
            LocalHttp.send(exchange, 429, TOO_MANY, headers);
            return;
        }
        JsonNode users;
        try {
            users = json.readTree(body).path("users");
        } catch (IOException e) {
            LocalHttp.send(exchange, 400, "{\"message\":\"the body is not JSON\"}".getBytes(StandardCharsets.UTF_8), headers);
            return;
        }
        if (!users.isArray() || users.isEmpty() || users.size() > PeerJob.BATCH) {
            LocalHttp.send(exchange, 400, "{\"message\":\"expected {\\\"users\\\": [1 to 100 records]}\"}".getBytes(StandardCharsets.UTF_8), headers);
            return;
        }
        for (JsonNode user : users) {
            String key = user.path("external_id").asText();
            keys.add(key);
            if (!valid(key, user)) {
                invalid.increment();
            }
        }
        records.add(users.size());
        calls.increment();
        lastAccepted.accumulateAndGet(System.nanoTime(), Math::max);
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LocalHttp.send(exchange, 200, OK, headers);
    }

    /** Whether a record carries what the source sent for contact {@code key - 1}, mapped. */
    private static boolean valid(String key, JsonNode user) {
        long i;
        try {
            i = Long.parseLong(key) - 1;
        } catch (NumberFormatException e) {
            return false;
        }
        JsonNode company = user.path("company");
        return user.path("email").asText().equals("user" + i + "@example.com")
                && user.path("priority").asInt() == 1 + i % 3
                && user.path("first_name").asText().equals("Ada")
                && user.path("last_name").asText().equals("Lovelace" + i % 97)
                && !user.path("phone").asText().isEmpty()
                && !user.path("lifecycle_stage").asText().isEmpty()
                && company.path("name").asText().equals("Analytical Engines " + i % 500)
                && company.path("domain").asText().equals("engines" + i % 500 + ".example.com")
                && !company.path("industry").asText().isEmpty()
                && user.path("updated_at").asText().startsWith("2026-01-01T00:00:00");
    }

    @Override
    public void close() {
        server.stop(0);
        work.shutdownNow();
    }
}
