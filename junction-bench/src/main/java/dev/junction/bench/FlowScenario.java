package dev.junction.bench;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.engine.StoreLocation;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Issue 14's S4 target: an API-triggered flow of three steps — call the sandbox (the CRM contact by
 * its id, through the connection's whole pipeline), map it, respond — called synchronously
 * ({@code POST /api/v1/flows/bench-card}), executions per minute at p50 &lt; 1 s, against the same
 * server's trivial route ({@code GET /health/live}) in the same run. Target ≥ 15,000/min (250/s).
 *
 * <p>The whole server as {@code junction serve} builds it ({@link EngineApi} over an {@link Engine},
 * run queue and flow worker started) on an embedded H2 store in a temporary directory, or on an
 * embedded PostgreSQL with {@code -Djunction.bench.store=postgres}; examples/demo applied for its
 * connections and the flow below. Each step offers a rate in open loop ({@link OpenLoop}: a request due
 * every 1/rate s whatever the answers do, latency from the due time), first {@code /health/live}, then
 * the flow with a distinct contact id per call (1,000 contacts). Every execution is stored, runs its
 * three steps and stores each step's row (and its encrypted full output) before the next, as in
 * production. Steps go up until one misses p50 &lt; 1 s or has errors.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.FlowScenario [phaseSeconds=10] [rates=100,200,250,300,400,500] [warmUpSeconds=5]</pre>
 */
public final class FlowScenario {
    private static final double TARGET_P50_MS = 1000;
    private static final int TARGET_PER_MINUTE = 15_000;
    static final String FLOW = """
            kind: Flow
            name: bench-card
            trigger: { api: {} }
            input:
              type: object
              required: [id]
              properties: { id: { type: string } }
            steps:
              - name: contact
                call: { connection: crm, stream: contacts, key: "= input.id" }
              - name: card
                map:
                  from: "= steps.contact.output"
                  mapping:
                    id: id
                    name: "= properties.firstname & ' ' & properties.lastname"
                    email: { from: properties.email, convert: [trim, lower] }
              - name: answer
                respond: { status: 200, body: "= steps.card.output" }
            """;

    public static void main(String[] args) throws Exception {
        int phaseSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Integer> rates = args.length > 1 ? Stream.of(args[1].split(",")).map(Integer::parseInt).toList() : List.of(100, 200, 250, 300, 400, 500);
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("junction-flows-");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(1000).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0))) {
            Map<String, String> env = IngestScenario.demoEnv(sandbox);
            BenchPostgres.startIfAsked(env); // -Djunction.bench.store=postgres: stopped when the JVM exits
            StoreLocation store = StoreLocation.choose(null, env::get, dir);
            System.out.printf(Locale.ROOT, "S4 flows: store %s, phases of %d s, rates %s/s, %d processors, load %s%n", store.describe(), phaseSeconds, rates,
                    Runtime.getRuntime().availableProcessors(), Load.average());
            try (Engine engine = Engine.open(new EngineConfig(store, dir, env::get, Clock.systemUTC()))) {
                IngestScenario.applyDemo(engine);
                var applied = engine.definitions().apply(List.of(new SourceText("bench-card.flow.yaml", FLOW)));
                if (!applied.ok()) {
                    throw new IllegalStateException("the bench flow did not apply: " + applied.result().problems());
                }
                engine.runQueue().start();
                String token = engine.tokens().create(Role.EDITOR, null, "bench", null, "bench").secret();
                JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
                try {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                    measure(new OpenLoop(client, Duration.ofSeconds(30)), server.baseUrl(), token, rates, phaseSeconds, warmUpSeconds);
                } finally {
                    server.stop(Duration.ofSeconds(2));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(OpenLoop load, URI base, String token, List<Integer> rates, int phaseSeconds, int warmUpSeconds)
            throws InterruptedException {
        AtomicInteger sequence = new AtomicInteger();
        URI live = base.resolve("/health/live");
        URI flow = base.resolve("/api/v1/flows/bench-card");
        Supplier<HttpRequest> calls = () -> HttpRequest.newBuilder(flow).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"c-%05d\"}".formatted(1 + sequence.getAndIncrement() % 1000))).build();
        OpenLoop.Result warm = load.run(calls, 50, Duration.ofSeconds(warmUpSeconds));
        load.run(() -> HttpRequest.newBuilder(live).GET().build(), 500, Duration.ofSeconds(warmUpSeconds));
        System.out.printf(Locale.ROOT, "warm-up: 50 executions/s, p50 %.1f ms, %d errors%s%n%n", warm.percentileMillis(0.50), warm.errors(),
                warm.firstError() == null ? "" : " (first: " + warm.firstError() + ")");
        System.out.printf(Locale.ROOT, "%-7s %-9s %-22s %-5s %7s %6s %8s %8s %8s %8s %9s%n", "rate/s", "per min", "route", "load", "count", "errors", "p50 ms",
                "p90 ms", "p99 ms", "max ms", "p50/live");
        int best = 0;
        for (int rate : rates) {
            String loadBefore = Load.average();
            OpenLoop.Result trivial = load.run(() -> HttpRequest.newBuilder(live).GET().build(), rate, Duration.ofSeconds(phaseSeconds));
            print(rate, "/health/live", loadBefore, trivial, 1.0);
            loadBefore = Load.average();
            OpenLoop.Result executions = load.run(calls, rate, Duration.ofSeconds(phaseSeconds));
            print(rate, "POST /api/v1/flows/..", loadBefore, executions, executions.percentileMillis(0.50) / Math.max(0.001, trivial.percentileMillis(0.50)));
            if (executions.errors() > 0 || executions.percentileMillis(0.50) >= TARGET_P50_MS) {
                System.out.printf(Locale.ROOT, "%d/s misses the target (p50 < %.0f ms, no errors)%n", rate, TARGET_P50_MS);
                break;
            }
            best = rate;
        }
        System.out.printf(Locale.ROOT, "%nhighest rate with p50 < %.0f ms and no errors: %d executions/s = %,d/min (target %,d/min: %s)%n", TARGET_P50_MS,
                best, best * 60, TARGET_PER_MINUTE, best * 60 >= TARGET_PER_MINUTE ? "met" : "NOT met");
    }

    private static void print(int rate, String route, String load, OpenLoop.Result r, double ratio) {
        System.out.printf(Locale.ROOT, "%-7d %-9s %-22s %-5s %7d %6d %8.2f %8.2f %8.2f %8.2f %8.2f×%s%n", rate, String.format(Locale.ROOT, "%,d", rate * 60),
                route, load, r.count(), r.errors(), r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99), r.maxMillis(), ratio,
                r.firstError() == null ? "" : "  first error: " + r.firstError());
    }
}
