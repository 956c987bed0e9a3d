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
 * Each call is stamped and decided at once, in one step, as soon as its request line and headers are
 * in (before its body is read), so calls are decided in the order they arrive; by default on the
 * server's dispatcher thread, before any worker runs ({@code -Ds1.decide=edge}; {@code handler}
 * decides on the worker instead, as before).
 */
final class HubSpotLikeDestination implements S1Destination {
    enum Mode {
        ROLLING,
        SPACED
    }

    static final String PATH = "/crm/v3/objects/contacts/batch/upsert";
    /** What arrived so far, as JSON (for {@link DestinationProcess}); not rate-limited. */
    static final String STATS_PATH = "/stats";
    /** {@code -Ds1.decide=edge} (the default) or {@code handler}: where each call is stamped and decided. */
    static final String DECIDE_PROPERTY = "s1.decide";
    private static final String WARM_PATH = "/warm-up";
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
    /** Where calls are decided: on the server's dispatcher thread (edge, the default) or in the handler on a worker. */
    private final boolean atEdge;
    private final java.util.concurrent.ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    /** Client ports seen on {@link #PATH}: how many connections the client opened. */
    private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

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
        this.atEdge = !"handler".equals(System.getProperty(DECIDE_PROPERTY, "edge"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        if (atEdge) {
            // no executor: the server's dispatcher thread (the one that selects and accepts) reads the
            // request line and headers and calls the handler itself, which only decides and hands on
            server.createContext(PATH, this::decideAtEdge);
            server.createContext(STATS_PATH, exchange -> work.execute(() -> answer(exchange, this::stats)));
            server.createContext(WARM_PATH, exchange -> work.execute(() -> answer(exchange, this::warm)));
        } else {
            server.setExecutor(work);
            server.createContext(PATH, this::handle);
            server.createContext(STATS_PATH, this::stats);
            server.createContext(WARM_PATH, this::warm);
        }
        server.start();
    }

    /**
     * On the dispatcher thread: stamps and decides the call as soon as its headers are parsed, then
     * hands it to a worker (body, answer after the latency), so the dispatcher is never held. The
     * stamp is as close to the socket as the JDK server lets a handler get, like a real API's limiter
     * at its edge, and free of the wait for a worker thread (in the same JVM: a carrier the sync's
     * virtual threads also use).
     */
    private void decideAtEdge(HttpExchange exchange) {
        connections.add(exchange.getRemoteAddress().getPort());
        Decision decision = decide();
        work.execute(() -> answer(exchange, e -> complete(e, decision)));
    }

    private interface ExchangeHandler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void answer(HttpExchange exchange, ExchangeHandler handler) {
        try {
            handler.handle(exchange);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    /** Reads and parses a batch like {@link #PATH}, without limit or count: for warming a fresh process. */
    private void warm(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        readInputs(body, new java.util.HashSet<>());
        respond(exchange, 200, COMPLETE);
    }

    /**
     * Sends this server {@code calls} batches of 100 on its warm-up path, so a fresh process has its
     * HTTP server and JSON parsing compiled before it is measured, like the scenario's own JVM after
     * its warm-up run (in the same JVM, the destination shares that warm-up).
     */
    private void warmUp(int calls) throws IOException {
        StringBuilder batch = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 100; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"w-").append(i)
                    .append("\",\"properties\":{\"email\":\"w@example.com\",\"firstname\":\"Ada\",\"lastname\":\"Lovelace\",\"tier\":\"gold\"}}");
        }
        byte[] body = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + WARM_PATH))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
            for (int i = 0; i < calls; i++) {
                client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while warming up");
        }
    }

    /**
     * Runs the destination in a JVM of its own: {@code HubSpotLikeDestination MODE LIMIT WINDOW_MILLIS}.
     * Warms itself up (2,000 unlimited calls to itself on another path), prints {@code port N} once it
     * listens on 127.0.0.1, and stops when its standard input closes.
     */
    public static void main(String[] args) throws IOException {
        HubSpotLikeDestination destination = new HubSpotLikeDestination(Mode.valueOf(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
        destination.warmUp(Integer.getInteger("warmUpCalls", 2_000));
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
        return new Stats(List.copyOf(acceptedCalls), List.copyOf(refusedCalls), keys.size(), records.sum(), connections.size());
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
        out.put("connections", stats.connections());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, json.writeValueAsBytes(out));
    }

    private void handle(HttpExchange exchange) throws IOException {
        // decided as soon as the request line and headers are in, and stamped inside the decision, so
        // calls are decided in the order they are stamped (reading the body first let a call whose
        // body came late be decided after a later one, and refused as if it had come after it)
        connections.add(exchange.getRemoteAddress().getPort());
        complete(exchange, decide());
    }

    /** Reads the body of a decided call and answers it: 429 at once, or 200 after 50–150 ms from its arrival. */
    private void complete(HttpExchange exchange, Decision decision) throws IOException {
        long arrival = decision.arrival();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
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
        int count = readInputs(body, keys);
        records.add(count);
        acceptedCalls.add(new long[] {arrival, count});
        try {
            long latency = (50 + ThreadLocalRandom.current().nextInt(101)) * 1_000_000L;
            // at the edge the worker may start late, so the latency counts from the arrival; in the
            // handler it counts from here, as before
            Thread.sleep(java.time.Duration.ofNanos(atEdge ? Math.max(0, arrival + latency - System.nanoTime()) : latency));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, 200, COMPLETE);
    }

    /** Adds the ids of a batch's inputs to {@code into}; returns how many inputs it had. */
    private int readInputs(byte[] body, Set<String> into) throws IOException {
        int count = 0;
        for (JsonNode input : json.readTree(body).path("inputs")) {
            into.add(input.path("id").asText());
            count++;
        }
        return count;
    }

    private record Decision(long arrival, boolean ok, int remaining, long retryAfterNanos) {}

    private synchronized Decision decide() {
        long now = System.nanoTime();
        while (!accepted.isEmpty() && accepted.peekFirst() <= now - windowNanos) {
            accepted.pollFirst();
        }
        boolean ok = switch (mode) {
            case ROLLING -> accepted.size() < limit;
            case SPACED -> lastAccepted == Long.MIN_VALUE || now - lastAccepted >= spacingNanos;
        };
        if (!ok) {
            long wait = mode == Mode.ROLLING ? accepted.peekFirst() + windowNanos - now : lastAccepted + spacingNanos - now;
            return new Decision(now, false, Math.max(0, limit - accepted.size()), wait);
        }
        accepted.addLast(now);
        lastAccepted = now;
        return new Decision(now, true, Math.max(0, limit - accepted.size()), 0);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        work.shutdownNow();
    }
}
