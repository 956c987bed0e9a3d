package dev.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario S2: a cursor-paginated source (100 records per page, 150 ms per page, at most 25
 * requests per second on the endpoint, counted in fixed 1-second windows and answered 429 with
 * {@code Retry-After} and {@code X-RateLimit-*} past that) read by a whole sync into a local
 * destination that accepts everything. The endpoint's ceiling is 2,500 records/s. Measured in the
 * same run: the stream read unsliced (one page after another: latency-bound) and the same stream
 * sliced in 12-hour slices with {@code parallel} slices at once, within the connection's declared budget.
 *
 * <pre>java -XX:ActiveProcessorCount=2 -cp junction-bench/target/junction-bench.jar dev.junction.bench.SlicedReadScenario [records] [parallel]</pre>
 */
public final class SlicedReadScenario {
    private static final int PAGE = 100;
    private static final int LIMIT_PER_SECOND = 25;
    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final int DAYS = 8;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final byte[] ACCEPTED = "{}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 80_000;
        int parallel = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Source source = new Source(total);
        HttpServer server = source.start();
        Path dir = Files.createTempDirectory("junction-s2-");
        try (JdbcStore store = JdbcStore.h2(dir)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LoadResult definitions = new SpecLoader().loadTexts(List.of(
                    new SourceText("events.connector.yaml", CONNECTOR.formatted(LIMIT_PER_SECOND, parallel)),
                    new SourceText("connections.yaml", CONNECTIONS.formatted(base, base)),
                    new SourceText("syncs.yaml", SYNCS)));
            if (!definitions.problems().isEmpty()) {
                throw new IllegalStateException("bench definitions do not load: " + definitions.problems());
            }
            ObjectMapper json = new ObjectMapper();
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(name -> null), PipelineOptions.builder().build(), json);
            double ceiling = LIMIT_PER_SECOND * PAGE;
            System.out.printf(Locale.ROOT, "S2: %,d records over %d days, pages of %d, %d ms per page, %d requests/s per endpoint (ceiling %,.0f records/s), %d processors%n",
                    total, DAYS, PAGE, LATENCY.toMillis(), LIMIT_PER_SECOND, ceiling, Runtime.getRuntime().availableProcessors());

            Result unsliced = run(planner, definitions, store, json, "unsliced", source);
            unsliced.print("unsliced (first day only)", ceiling);
            Result sliced = run(planner, definitions, store, json, "sliced", source);
            sliced.print("sliced by 12 h (16 slices), parallel " + parallel, ceiling);
            System.out.printf(Locale.ROOT, "sliced / ceiling: %.3f; sliced / unsliced: %.2f%n", sliced.rate() / ceiling, sliced.rate() / unsliced.rate());
        } finally {
            server.stop(0);
            LocalHttp.deleteTree(dir);
        }
    }

    private static Result run(SyncPlanner planner, LoadResult definitions, JdbcStore store, ObjectMapper json, String sync, Source source) {
        long requestsBefore = source.requests.sum();
        long refusedBefore = source.refused.sum();
        try (PlannedSync planned = planner.plan(definitions, sync, "bench")) {
            long start = System.nanoTime();
            RunRecord run = new SyncEngine(store, json, Clock.systemUTC()).run(planned.job(), RunListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(run, seconds, source.requests.sum() - requestsBefore, source.refused.sum() - refusedBefore);
        }
    }

    private record Result(RunRecord run, double seconds, long requests, long refused) {
        double rate() {
            return run.counters().read() / seconds;
        }

        void print(String what, double ceiling) {
            RunCounters c = run.counters();
            System.out.printf(Locale.ROOT, "%s: %s, read %,d, inserted %,d, failed %,d, %,d requests (%,d answered 429), %.1f s = %,.0f records/s = %.3f of the ceiling%n",
                    what, run.status(), c.read(), c.inserted(), c.failed(), requests, refused, seconds, rate(), rate() / ceiling);
            if (run.error() != null) {
                System.out.println("  error: " + run.error());
            }
        }
    }

    /**
     * {@code GET /events?from=&to=&after=}: the records updated in [from, to), spread evenly over
     * {@value #DAYS} days, 100 per page after {@code after}; {@code POST /batch} accepts everything.
     */
    private static final class Source {
        final LongAdder requests = new LongAdder();
        final LongAdder refused = new LongAdder();
        private final int total;
        private final long spacingMillis;
        private final LocalHttp.FixedWindow window = new LocalHttp.FixedWindow(LIMIT_PER_SECOND);

        Source(int total) {
            this.total = total;
            this.spacingMillis = Duration.ofDays(DAYS).toMillis() / total;
        }

        HttpServer start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/events", this::events);
            server.createContext("/batch", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                LocalHttp.send(exchange, 200, ACCEPTED, Map.of());
            });
            server.start();
            return server;
        }

        private void events(HttpExchange exchange) throws IOException {
            requests.increment();
            long wait = window.admit();
            if (wait > 0) {
                refused.increment();
                LocalHttp.send(exchange, 429, "{\"error\":\"rate limited\"}".getBytes(StandardCharsets.UTF_8), Map.of(
                        "Retry-After", String.valueOf((wait + 999) / 1000), "X-RateLimit-Limit", String.valueOf(LIMIT_PER_SECOND),
                        "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf((wait + 999) / 1000)));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int first = index(Instant.parse(query.get("from")));
            int end = index(Instant.parse(query.get("to")));
            int from = first + Integer.parseInt(query.getOrDefault("after", "0"));
            int to = Math.min(end, from + PAGE);
            StringBuilder out = new StringBuilder(200 * PAGE).append("{\"data\":[");
            for (int i = from; i < to; i++) {
                out.append(i > from ? "," : "").append("{\"id\":\"e-").append(i).append("\",\"updatedAt\":\"")
                        .append(START.plusMillis(i * spacingMillis)).append("\",\"kind\":\"").append(i % 3 == 0 ? "order" : "refund")
                        .append("\",\"amount\":").append(i % 1000).append('}');
            }
            out.append("]").append(to < end ? ",\"next\":\"" + (to - first) + "\"" : "").append('}');
            try {
                Thread.sleep(LATENCY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalHttp.send(exchange, 200, out.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** The first record index updated at or after {@code at}. */
        private int index(Instant at) {
            long millis = Duration.between(START, at).toMillis();
            return (int) Math.max(0, Math.min(total, (millis + spacingMillis - 1) / spacingMillis));
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> out = new HashMap<>();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static final String CONNECTOR = """
            kind: Connector
            name: events-api
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            rateLimit: { requests: %d, per: 1s, learnFromHeaders: true }
            retry: { maxAttempts: 10, initialDelay: 100ms, maxDelay: 2s }
            streams:
              events:
                request: { path: /events, query: { from: "{{ slice.start }}", to: "{{ slice.end }}" } }
                records: "$.data"
                primaryKey: id
                pagination: { type: cursor, nextPath: "$.next", param: after }
                incremental: { cursorField: updatedAt }
                slice: { start: 2024-01-01, end: 2024-01-09, step: 12h, parallel: %d }
              events_unsliced:
                request: { path: /events, query: { from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z" } }
                records: "$.data"
                primaryKey: id
                pagination: { type: cursor, nextPath: "$.next", param: after }
            ---
            kind: Connector
            name: sink
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            actions:
              accept:
                request: { method: POST, path: /batch, body: "{ 'events': $records }" }
                batch: { maxRecords: 100 }
            """;

    private static final String CONNECTIONS = """
            kind: Connection
            name: events
            connector: events-api
            config: { baseUrl: "%s" }
            ---
            kind: Connection
            name: sink
            connector: sink
            config: { baseUrl: "%s" }
            """;

    private static final String SYNCS = """
            kind: Sync
            name: sliced
            source: { connection: events, stream: events, mode: full }
            destination: { connection: sink, action: accept, key: id }
            mapping: { id: id, kind: kind, amount: amount, updated_at: updatedAt }
            batch: { size: 100, concurrency: 8 }
            ---
            kind: Sync
            name: unsliced
            source: { connection: events, stream: events_unsliced, mode: full }
            destination: { connection: sink, action: accept, key: id }
            mapping: { id: id, kind: kind, amount: amount, updated_at: updatedAt }
            batch: { size: 100, concurrency: 8 }
            """;
}
