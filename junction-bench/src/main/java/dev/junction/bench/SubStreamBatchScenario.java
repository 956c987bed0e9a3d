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
import dev.junction.sync.internal.RunExecution;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sub-stream of many small parents into a rate-limited batch destination: {@code parents}
 * companies (one page), each with {@code children} contacts (one page, 20 ms per request), read
 * 8 parents at once, written in batches of up to 100 to a bulk endpoint that takes at most 19
 * calls per second (fixed 1-second windows, 429 with {@code Retry-After} past that; the sink's
 * connector declares the limit). Measured in the same JVM, one after the other: each parent's page
 * written in batches of its own (the behaviour before shared batches, kept by the system property
 * {@value RunExecution#PAGE_AT_A_TIME} for this baseline only) and the partitions' records in
 * shared batches. Reports write calls, 429s and records/s.
 *
 * <pre>java -XX:ActiveProcessorCount=2 -cp junction-bench/target/junction-bench.jar dev.junction.bench.SubStreamBatchScenario [parents=300] [children=3]</pre>
 */
public final class SubStreamBatchScenario {
    private static final int LIMIT_PER_SECOND = 19;
    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final byte[] ACCEPTED = "{}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int parents = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int children = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Api api = new Api(parents, children);
        HttpServer server = api.start();
        Path dir = Files.createTempDirectory("junction-substream-");
        try (JdbcStore store = JdbcStore.h2(dir)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LoadResult definitions = new SpecLoader().loadTexts(List.of(
                    new SourceText("connectors.yaml", CONNECTORS.formatted(LIMIT_PER_SECOND)),
                    new SourceText("connections.yaml", CONNECTIONS.formatted(base, base)),
                    new SourceText("syncs.yaml", SYNC.formatted("per-page") + "---\n" + SYNC.formatted("shared"))));
            if (!definitions.problems().isEmpty()) {
                throw new IllegalStateException("bench definitions do not load: " + definitions.problems());
            }
            ObjectMapper json = new ObjectMapper();
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(name -> null), PipelineOptions.builder().build(), json);
            System.out.printf(Locale.ROOT, "sub-stream: %,d parents x %d children = %,d records, batches of up to 100, destination %d calls/s, %d processors%n",
                    parents, children, parents * children, LIMIT_PER_SECOND, Runtime.getRuntime().availableProcessors());
            System.setProperty(RunExecution.PAGE_AT_A_TIME, "true");
            Result perPage = run(planner, definitions, store, json, "per-page", api);
            System.clearProperty(RunExecution.PAGE_AT_A_TIME);
            perPage.print("each parent's page in batches of its own (before)");
            Result shared = run(planner, definitions, store, json, "shared", api);
            shared.print("shared batches across parents (after)");
            System.out.printf(Locale.ROOT, "write calls: %d -> %d; records/s: %.1fx%n", perPage.calls(), shared.calls(), shared.rate() / perPage.rate());
        } finally {
            server.stop(0);
            LocalHttp.deleteTree(dir);
        }
    }

    private static Result run(SyncPlanner planner, LoadResult definitions, JdbcStore store, ObjectMapper json, String sync, Api api) {
        long callsBefore = api.calls.sum();
        long refusedBefore = api.refused.sum();
        try (PlannedSync planned = planner.plan(definitions, sync, "bench")) {
            long start = System.nanoTime();
            RunRecord run = new SyncEngine(store, json, Clock.systemUTC()).run(planned.job(), RunListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(run, seconds, api.calls.sum() - callsBefore, api.refused.sum() - refusedBefore);
        }
    }

    private record Result(RunRecord run, double seconds, long calls, long refused) {
        double rate() {
            return run.counters().read() / seconds;
        }

        void print(String what) {
            RunCounters c = run.counters();
            System.out.printf(Locale.ROOT, "%s: %s, read %,d, inserted %,d, failed %,d, %,d write calls (%,d answered 429), %.1f s = %,.0f records/s%n",
                    what, run.status(), c.read(), c.inserted(), c.failed(), calls, refused, seconds, rate());
            if (run.error() != null) {
                System.out.println("  error: " + run.error());
            }
        }
    }

    /** {@code GET /companies}, {@code GET /companies/{id}/contacts} and the rate-limited {@code POST /batch}. */
    private static final class Api {
        final LongAdder calls = new LongAdder();
        final LongAdder refused = new LongAdder();
        private final int parents;
        private final int children;
        private final LocalHttp.FixedWindow window = new LocalHttp.FixedWindow(LIMIT_PER_SECOND);

        Api(int parents, int children) {
            this.parents = parents;
            this.children = children;
        }

        HttpServer start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/companies", this::companies);
            server.createContext("/batch", this::batch);
            server.start();
            return server;
        }

        private void companies(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            StringBuilder out = new StringBuilder("{\"data\":[");
            if (path.equals("/companies")) {
                for (int p = 0; p < parents; p++) {
                    out.append(p > 0 ? "," : "").append("{\"id\":\"co-").append(p).append("\"}");
                }
            } else {
                String company = path.split("/")[2];
                for (int c = 0; c < children; c++) {
                    out.append(c > 0 ? "," : "").append("{\"id\":\"").append(company).append("-u").append(c).append("\",\"email\":\"u")
                            .append(c).append('@').append(company).append(".example\"}");
                }
                sleep(LATENCY);
            }
            LocalHttp.send(exchange, 200, out.append("]}").toString().getBytes(StandardCharsets.UTF_8), Map.of());
        }

        private void batch(HttpExchange exchange) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            calls.increment();
            long wait = window.admit();
            if (wait > 0) {
                refused.increment();
                LocalHttp.send(exchange, 429, "{\"error\":\"rate limited\"}".getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", "1"));
                return;
            }
            LocalHttp.send(exchange, 200, ACCEPTED, Map.of());
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final String CONNECTORS = """
            kind: Connector
            name: crm
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            streams:
              companies:
                request: { path: /companies }
                records: "$.data"
                primaryKey: id
              contacts:
                request: { path: "/companies/{{ parent.id }}/contacts" }
                records: "$.data"
                primaryKey: id
                parent: { stream: companies, key: id, as: company_id, parallel: 8 }
            ---
            kind: Connector
            name: bulk
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            rateLimit: { requests: %d, per: 1s }
            retry: { maxAttempts: 10, initialDelay: 100ms, maxDelay: 2s }
            actions:
              upsert:
                request: { method: POST, path: /batch, body: "{ 'inputs': $records }" }
                batch: { maxRecords: 100 }
            """;

    private static final String CONNECTIONS = """
            kind: Connection
            name: crm
            connector: crm
            config: { baseUrl: "%s" }
            ---
            kind: Connection
            name: bulk
            connector: bulk
            config: { baseUrl: "%s" }
            """;

    private static final String SYNC = """
            kind: Sync
            name: %s
            source: { connection: crm, stream: contacts, mode: full }
            destination: { connection: bulk, action: upsert, key: id }
            mapping: { id: id, email: email, company: company_id }
            batch: { size: 100, concurrency: 4 }
            """;
}
