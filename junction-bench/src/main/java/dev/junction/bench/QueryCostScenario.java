package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end scenario: GraphQL streams against a server that limits by query cost as Shopify's Admin API
 * does (a bucket of points refilled at a rate; a query it cannot pay for answered HTTP 200 with
 * {@code THROTTLED} and the bucket's state in {@code extensions.cost}), read by Junction with
 * {@code rateLimit.cost} declared and without it (the budget then knows nothing of the points, and throttled
 * queries are retried with the connector's backoff). Several streams read at once, sharing the bucket.
 * Reports pages a second against the bucket's own pace (restore rate / query cost, after the first full
 * bucket) and the throttled answers, per round, the two modes interleaved.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.QueryCostScenario [pagesPerStream] [streams] [rounds]</pre>
 */
public final class QueryCostScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shopify's bucket of 1,000 points, restored 20 times faster (1,000 a second) so a round takes seconds. */
    private static final double MAXIMUM = 1000;
    private static final double RESTORE_RATE = 1000;
    private static final double QUERY_COST = 50;
    private static final int RECORDS_PER_PAGE = 50;

    /** The server's bucket. */
    private static final class Bucket {
        private double available = MAXIMUM;
        private long asOf = System.nanoTime();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();

        /** The points left after this query, or -1 - left when it is throttled. */
        synchronized double take() {
            long now = System.nanoTime();
            available = Math.min(MAXIMUM, available + RESTORE_RATE * (now - asOf) / 1e9);
            asOf = now;
            if (available < QUERY_COST) {
                throttled.incrementAndGet();
                return -1 - available;
            }
            available -= QUERY_COST;
            served.incrementAndGet();
            return available;
        }
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "Query cost: %d streams x %d pages, each query %.0f points; bucket %.0f points, %.0f restored a second"
                + " (the bucket's pace: %.1f pages/s after the first full bucket); %d processors%n%n", streams, pages, QUERY_COST, MAXIMUM,
                RESTORE_RATE, RESTORE_RATE / QUERY_COST, Runtime.getRuntime().availableProcessors());
        System.out.println("| round | rateLimit | pages/s | of the bucket's pace | THROTTLED answers | streams complete |");
        System.out.println("|---|---|---|---|---|---|");
        for (int round = 1; round <= rounds; round++) {
            for (boolean cost : new boolean[] {true, false}) {
                run(round, cost, pages, streams);
            }
        }
    }

    private static void run(int round, boolean cost, int pages, int streams) throws Exception {
        Bucket bucket = new Bucket();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/graphql.json", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            double left = bucket.take();
            String answer;
            if (left < 0) {
                answer = "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}]," + cost(-1 - left, "null") + "}";
            } else {
                JsonNode after = body.path("variables").path("after");
                int page = after.isMissingNode() || after.isNull() ? 0 : after.asInt();
                StringBuilder nodes = new StringBuilder();
                for (int i = 0; i < RECORDS_PER_PAGE; i++) {
                    nodes.append(i == 0 ? "" : ",").append("{\"id\":\"gid://shopify/Product/").append(page * RECORDS_PER_PAGE + i)
                            .append("\",\"title\":\"Product ").append(i).append("\",\"updatedAt\":\"2026-12-07T10:00:00Z\"}");
                }
                answer = "{\"data\":{\"items\":{\"nodes\":[" + nodes + "],\"pageInfo\":{\"hasNextPage\":" + (page + 1 < pages) + ",\"endCursor\":\""
                        + (page + 1) + "\"}}}," + cost(left, String.valueOf(QUERY_COST)) + "}";
            }
            LocalHttp.send(exchange, 200, answer.getBytes(StandardCharsets.UTF_8), Map.of());
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        StringBuilder streamYaml = new StringBuilder();
        for (int s = 0; s < streams; s++) {
            streamYaml.append("""
                      items%d:
                        request: { path: /graphql.json }
                        graphql:
                          query: "query($after: String) { items(first: %d, after: $after) { nodes { id title updatedAt } pageInfo { hasNextPage endCursor } } }"
                          variables: "{ 'after': $cursor }"
                        records: $.data.items.nodes
                        primaryKey: id
                        pagination: { type: relay }
                    """.formatted(s, RECORDS_PER_PAGE));
        }
        String rateLimit = cost ? """
                rateLimit:
                  cost:
                    available: $.extensions.cost.throttleStatus.currentlyAvailable
                    requested: $.extensions.cost.requestedQueryCost
                    restoreRate: $.extensions.cost.throttleStatus.restoreRate
                    maximum: $.extensions.cost.throttleStatus.maximumAvailable
                """ : "";
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("shop.yaml", """
                kind: Connector
                name: shop
                baseUrl: %s
                retry: { maxAttempts: 10, initialDelay: 1s, maxDelay: 20s }
                %s
                streams:
                %s""".formatted(base, rateLimit, streamYaml))));
        if (!loaded.problems().isEmpty()) {
            throw new IllegalStateException(loaded.problems().toString());
        }
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        int complete = 0;
        try (ConnectionClient client = ConnectionClient.create(loaded.connectors().get("shop"), new ConnectionSpec("shop", "shop", "default", "bench",
                Map.of(), Map.of(), new SourceLocation("bench", 1, 1)), new EnvSecretResolver(name -> null), PipelineOptions.builder().bodyLogLimit(0).build())) {
            List<Future<Integer>> reads = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                String stream = "items" + s;
                reads.add(readers.submit(() -> {
                    PageReader reader = client.readStream(stream, ReadOptions.full(new CallContext("bench", null, "shop", List.of(), true)));
                    int read = 0;
                    for (Optional<Page> page = reader.nextPage(); page.isPresent(); page = reader.nextPage()) {
                        read++;
                    }
                    return read;
                }));
            }
            for (Future<Integer> read : reads) {
                try {
                    if (read.get() == pages) {
                        complete++;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.println("a stream failed: " + e.getCause().getMessage());
                }
            }
        } finally {
            readers.shutdown();
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = bucket.served.get() / seconds;
        // the bucket's best: the first full bucket at once, then the restore rate
        double ideal = bucket.served.get() / Math.max(1e-9, (bucket.served.get() * QUERY_COST - MAXIMUM) / RESTORE_RATE);
        System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.2f | %d | %d of %d |%n", round, cost ? "with `cost`" : "without", rate, rate / ideal,
                bucket.throttled.get(), complete, streams);
    }

    private static String cost(double left, String actual) {
        return "\"extensions\":{\"cost\":{\"requestedQueryCost\":" + QUERY_COST + ",\"actualQueryCost\":" + actual
                + ",\"throttleStatus\":{\"maximumAvailable\":" + MAXIMUM + ",\"currentlyAvailable\":" + Math.floor(left) + ",\"restoreRate\":"
                + RESTORE_RATE + "}}}";
    }
}
