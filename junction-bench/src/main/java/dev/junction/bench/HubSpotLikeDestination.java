package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A destination like HubSpot's batch upsert ({@code POST /crm/v3/objects/contacts/batch/upsert},
 * {@code {"inputs": [...]}}, at most 100 per call), limited to {@code limit} requests per rolling
 * {@code windowMillis}. Accepted calls answer after 50–150 ms (uniform); refused ones answer at once
 * with 429, {@code Retry-After} (whole seconds, rounded up, at least 1), {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} (seconds). Every answer carries
 * HubSpot's {@code X-HubSpot-RateLimit-Interval-Milliseconds}, {@code -Max} and {@code -Remaining}.
 *
 * <p>Two ways to enforce the limit: {@link Mode#ROLLING} lets a full window's burst through (any
 * {@code limit} requests within a rolling window); {@link Mode#SPACED} allows no burst at all: a token
 * bucket of capacity 1 refilled at {@code limit / window}, so a request arriving less than
 * {@code window / limit} after the last accepted one is refused. A refused request uses no quota.
 */
final class HubSpotLikeDestination implements S1Destination {
    enum Mode {
        ROLLING,
        SPACED
    }

    static final String PATH = "/crm/v3/objects/contacts/batch/upsert";
    /** What arrived so far, as JSON (for {@link DestinationProcess}); not rate-limited. */
    static final String STATS_PATH = "/stats";
    private static final byte[] COMPLETE = "{\"status\":\"COMPLETE\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_MANY = "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final Mode mode;
    private final int limit;
    private final long windowNanos;
    private final long spacingNanos;
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final ArrayDeque<Long> accepted = new ArrayDeque<>();
    private long lastAccepted = Long.MIN_VALUE;

    /** Arrival time (System.nanoTime) and records of each accepted call; arrival time of each 429. */
    final ConcurrentLinkedQueue<long[]> acceptedCalls = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> refusedCalls = new ConcurrentLinkedQueue<>();
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final LongAdder records = new LongAdder();

    HubSpotLikeDestination(Mode mode, int limit, long windowMillis) throws IOException {
        this.mode = mode;
        this.limit = limit;
        this.windowNanos = windowMillis * 1_000_000L;
        this.spacingNanos = windowNanos / limit;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PATH, this::handle);
        server.createContext(STATS_PATH, this::stats);
        server.start();
    }

    /**
     * Runs the destination in a JVM of its own: {@code HubSpotLikeDestination MODE LIMIT WINDOW_MILLIS}.
     * Prints {@code port N} once it listens on 127.0.0.1, and stops when its standard input closes.
     */
    public static void main(String[] args) throws IOException {
        HubSpotLikeDestination destination = new HubSpotLikeDestination(Mode.valueOf(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
        System.out.println("port " + destination.server.getAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the scenario to close our input (or to go away)
        }
        destination.close();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public Stats stats() {
        return new Stats(List.copyOf(acceptedCalls), List.copyOf(refusedCalls), keys.size(), records.sum());
    }

    private void stats(HttpExchange exchange) throws IOException {
        Stats stats = stats();
        var out = json.createObjectNode();
        var acceptedOut = out.putArray("accepted");
        stats.accepted().forEach(call -> acceptedOut.addArray().add(call[0]).add(call[1]));
        var refusedOut = out.putArray("refused");
        stats.refused().forEach(refusedOut::add);
        out.put("keys", stats.keys());
        out.put("records", stats.records());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, json.writeValueAsBytes(out));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Decision decision = decide(arrival);
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(windowNanos / 1_000_000));
        headers.add("X-HubSpot-RateLimit-Max", Integer.toString(limit));
        headers.add("X-HubSpot-RateLimit-Remaining", Integer.toString(decision.remaining()));
        if (!decision.ok()) {
            refusedCalls.add(arrival);
            long seconds = Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
            headers.add("Retry-After", Long.toString(seconds));
            headers.add("X-RateLimit-Limit", Integer.toString(limit));
            headers.add("X-RateLimit-Remaining", "0");
            headers.add("X-RateLimit-Reset", Long.toString(seconds));
            respond(exchange, 429, TOO_MANY);
            return;
        }
        int count = 0;
        for (JsonNode input : json.readTree(body).path("inputs")) {
            keys.add(input.path("id").asText());
            count++;
        }
        records.add(count);
        acceptedCalls.add(new long[] {arrival, count});
        try {
            Thread.sleep(50 + ThreadLocalRandom.current().nextInt(101));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, 200, COMPLETE);
    }

    private record Decision(boolean ok, int remaining, long retryAfterNanos) {}

    private synchronized Decision decide(long now) {
        while (!accepted.isEmpty() && accepted.peekFirst() <= now - windowNanos) {
            accepted.pollFirst();
        }
        boolean ok = switch (mode) {
            case ROLLING -> accepted.size() < limit;
            case SPACED -> lastAccepted == Long.MIN_VALUE || now - lastAccepted >= spacingNanos;
        };
        if (!ok) {
            long wait = mode == Mode.ROLLING ? accepted.peekFirst() + windowNanos - now : lastAccepted + spacingNanos - now;
            return new Decision(false, Math.max(0, limit - accepted.size()), wait);
        }
        accepted.addLast(now);
        lastAccepted = now;
        return new Decision(true, Math.max(0, limit - accepted.size()), 0);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
