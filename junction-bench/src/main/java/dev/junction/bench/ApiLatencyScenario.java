package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRepository;
import dev.junction.store.RunStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Issue 11's API latency target: the run status and list endpoints with 10,000 runs stored answer
 * within p99 &lt; 50 ms at 500 requests/s, against a trivial route of the same server measured in the
 * same run ({@code GET /health/live}: no token check, no store).
 *
 * <p>The whole server as {@code junction serve} builds it ({@link EngineApi} over an {@link Engine} on
 * an embedded H2 store in a temporary directory), with {@code runs} finished runs stored through the
 * store's run repository: 20 syncs (12 classic, 8 per tenant over 6 tenants), spread over 30 days,
 * mostly succeeded, some partial, failed or cancelled, with counters. A viewer token of no tenant
 * (an operator) asks. Each route gets its own phase of open-loop load ({@link OpenLoop}: constant
 * rate, latency from each request's due time, the JDK {@code HttpClient} on virtual threads, HTTP/1.1
 * keep-alive); phases rotate their order from round to round, after a warm-up of every route. The
 * client and the server share the JVM and its cores.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ApiLatencyScenario [phaseSeconds=10] [rounds=3] [rate=500] [runs=10000] [warmUpSeconds=5]</pre>
 */
public final class ApiLatencyScenario {
    private static final int SYNCS = 20;
    private static final int CLASSIC_SYNCS = 12;
    private static final int TENANTS = 6;
    private static final String[] TRIGGERS = {"schedule", "schedule", "schedule", "api", "cli"};
    private static final double TARGET_P99_MS = 50;

    /** One route under load: a name for the report and the next request's path. */
    private record Route(String name, Supplier<String> path) {}

    public static void main(String[] args) throws Exception {
        int phaseSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Path dir = Files.createTempDirectory("junction-api-latency-");
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        System.out.printf(Locale.ROOT, "API latency: %,d runs stored, %d requests/s per route, phases of %d s, %d rounds, %d processors, load %s%n",
                runs, rate, phaseSeconds, rounds, Runtime.getRuntime().availableProcessors(), Load.average());
        try (Engine engine = Engine.open(EngineConfig.embedded(dir, env::get))) {
            long seeding = System.nanoTime();
            List<String> ids = seed(engine.store().runs(), runs, new SplittableRandom(42));
            System.out.printf(Locale.ROOT, "stored %,d runs in %.1f s%n", ids.size(), (System.nanoTime() - seeding) / 1e9);
            String token = engine.tokens().create(Role.VIEWER, null, "bench", null, "bench").secret();
            JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                URI base = server.baseUrl();
                List<Route> routes = routes(client, base, token, ids, new SplittableRandom(7));
                measure(new OpenLoop(client, Duration.ofSeconds(30)), base, token, routes, rate, phaseSeconds, rounds, warmUpSeconds);
            } finally {
                server.stop(Duration.ofSeconds(2));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(OpenLoop load, URI base, String token, List<Route> routes, int rate, int phaseSeconds, int rounds, int warmUpSeconds)
            throws InterruptedException {
        for (Route route : routes) {
            OpenLoop.Result warm = load.run(request(base, token, route), rate, Duration.ofSeconds(warmUpSeconds));
            System.out.printf(Locale.ROOT, "warm-up %-24s p99 %7.2f ms, %d errors%s%n", route.name(), warm.percentileMillis(0.99), warm.errors(),
                    warm.firstError() == null ? "" : " (first: " + warm.firstError() + ")");
        }
        Map<String, OpenLoop.Result> pooled = new LinkedHashMap<>();
        Map<String, List<Double>> p99s = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        routes.forEach(r -> {
            pooled.put(r.name(), OpenLoop.Result.empty());
            p99s.put(r.name(), new ArrayList<>());
            ratios.put(r.name(), new ArrayList<>());
        });
        System.out.printf(Locale.ROOT, "%n%-5s %-24s %-5s %6s %6s %8s %8s %8s %8s %10s%n", "round", "route", "load", "count", "errors", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "send lag");
        for (int round = 0; round < rounds; round++) {
            Map<String, Double> roundP99 = new LinkedHashMap<>();
            for (int k = 0; k < routes.size(); k++) {
                // rotate the order, and reverse it every other round, so no route always follows the same one
                int index = Math.floorMod(round % 2 == 0 ? round + k : round - k, routes.size());
                Route route = routes.get(index);
                String load1 = Load.average();
                OpenLoop.Result r = load.run(request(base, token, route), rate, Duration.ofSeconds(phaseSeconds));
                System.out.printf(Locale.ROOT, "%-5d %-24s %-5s %6d %6d %8.2f %8.2f %8.2f %8.2f %7.2f ms%s%n", round + 1, route.name(), load1, r.count(),
                        r.errors(), r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99), r.maxMillis(),
                        r.maxSendLagMicros() / 1000.0, r.firstError() == null ? "" : "  first error: " + r.firstError());
                pooled.merge(route.name(), r, OpenLoop.Result::plus);
                p99s.get(route.name()).add(r.percentileMillis(0.99));
                roundP99.put(route.name(), r.percentileMillis(0.99));
            }
            double trivial = roundP99.get(routes.getFirst().name());
            roundP99.forEach((name, p99) -> ratios.get(name).add(p99 / trivial));
        }
        System.out.printf(Locale.ROOT, "%nall rounds together (load now %s):%n", Load.average());
        System.out.printf(Locale.ROOT, "%-24s %6s %6s %8s %8s %8s %8s  %-24s %-26s %s%n", "route", "count", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "p99 per round: median (min-max)", "p99 / trivial p99 per round: median (min-max)", "p99 < 50 ms");
        for (Route route : routes) {
            OpenLoop.Result r = pooled.get(route.name());
            List<Double> p = p99s.get(route.name());
            List<Double> q = ratios.get(route.name());
            boolean met = r.errors() == 0 && r.percentileMillis(0.99) < TARGET_P99_MS && p.stream().allMatch(v -> v < TARGET_P99_MS);
            System.out.printf(Locale.ROOT, "%-24s %6d %6d %8.2f %8.2f %8.2f %8.2f  %7.2f (%.2f-%.2f) ms %9s %5.2f× (%.2f-%.2f) %11s %s%n", route.name(), r.count(),
                    r.errors(), r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99), r.maxMillis(), median(p), min(p), max(p), "",
                    median(q), min(q), max(q), "", met ? "yes" : "NO");
        }
    }

    /** GET /health/live (the trivial route) and the four run routes, each with its next path drawn at random. */
    private static List<Route> routes(HttpClient client, URI base, String token, List<String> ids, SplittableRandom random) throws Exception {
        List<String> cursors = cursors(client, base, token, 50);
        return List.of(
                new Route("GET /health/live", () -> "/health/live"),
                new Route("GET /runs/{id}", () -> "/api/v1/runs/" + ids.get(random.nextInt(ids.size()))),
                new Route("GET /runs?limit=20", () -> "/api/v1/runs?limit=20"),
                new Route("GET /runs?sync=&limit=50", () -> "/api/v1/runs?sync=" + sync(random.nextInt(SYNCS)) + "&limit=50"),
                new Route("GET /runs?cursor=", () -> "/api/v1/runs?limit=20&cursor=" + URLEncoder.encode(cursors.get(random.nextInt(cursors.size())),
                        StandardCharsets.UTF_8)));
    }

    /** The {@code next} cursors of the first {@code pages} pages of 20 (so the cursor route asks for pages 2 to pages + 1). */
    private static List<String> cursors(HttpClient client, URI base, String token, int pages) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> cursors = new ArrayList<>();
        String path = "/api/v1/runs?limit=20";
        for (int i = 0; i < pages; i++) {
            HttpResponse<String> response = client.send(get(base, token, path), HttpResponse.BodyHandlers.ofString());
            JsonNode next = json.readTree(response.body()).path("next");
            if (response.statusCode() != 200 || !next.isTextual()) {
                throw new IllegalStateException("page " + (i + 1) + " of GET " + path + " gave no next cursor: " + response.statusCode() + " " + response.body());
            }
            cursors.add(next.asText());
            path = "/api/v1/runs?limit=20&cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
        }
        return cursors;
    }

    private static Supplier<HttpRequest> request(URI base, String token, Route route) {
        return () -> get(base, token, route.path().get());
    }

    /** Every request carries the token, the trivial route's too (which ignores it), so they differ only in what the server does. */
    private static HttpRequest get(URI base, String token, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /**
     * Stores {@code n} finished runs as the engine leaves them (started, then finished with counters),
     * oldest first over the last 30 days. @return their ids
     */
    static List<String> seed(RunRepository repository, int n, SplittableRandom random) {
        Instant now = Instant.now();
        Duration span = Duration.ofDays(30);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int sync = random.nextInt(SYNCS);
            String tenant = sync < CLASSIC_SYNCS ? null : "tenant-" + (1 + random.nextInt(TENANTS));
            Instant started = now.minus(span).plusMillis(span.toMillis() * i / n + random.nextInt(60_000));
            String id = UUID.randomUUID().toString();
            repository.start(id, sync(sync), tenant, TRIGGERS[random.nextInt(TRIGGERS.length)], started);
            long read = random.nextLong(1, 50_000);
            int roll = random.nextInt(100);
            RunStatus status = roll < 85 ? RunStatus.SUCCEEDED : roll < 92 ? RunStatus.PARTIAL : roll < 97 ? RunStatus.FAILED : RunStatus.CANCELLED;
            long failed = status == RunStatus.PARTIAL ? random.nextLong(1, Math.max(2, read / 100)) : 0;
            long inserted = read / 10;
            long updated = read / 5;
            long unchanged = status == RunStatus.FAILED || status == RunStatus.CANCELLED ? 0 : read - inserted - updated - failed;
            RunCounters counters = new RunCounters(read, inserted, updated, unchanged, failed, 0, random.nextInt(5), random.nextInt(3), 0);
            String error = status == RunStatus.FAILED ? "POST https://api.example.com/contacts/batch answered 500 after 5 attempts" : null;
            repository.finish(id, status, counters, error, started.plusMillis(random.nextLong(2_000, 600_000)));
            ids.add(id);
        }
        return ids;
    }

    private static String sync(int i) {
        return String.format(Locale.ROOT, "sync-%02d", i + 1);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private ApiLatencyScenario() {}
}
