package dev.junction.bench;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxRepository;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 16's console benchmark: page render times with 10,000 runs and 100,000 dead letters stored,
 * p95 &lt; 300 ms, against a trivial page of the same server measured in the same run (the sign-in
 * form: a template, no token check, no store).
 *
 * <p>The whole server as {@code junction serve} builds it ({@link EngineApi} over an {@link Engine} on
 * an embedded H2 store in a temporary directory), with the 10,000 runs of {@link ApiLatencyScenario}
 * (20 syncs over 30 days), one more run of a per-tenant sync holding all {@code deadLetters} dead
 * letters (three reasons, newest-first pages of 50), 2,000 logged calls of that run with record keys,
 * and {@code inbox} webhook events (one in ten dead). A viewer token of no tenant asks with
 * {@code Accept: text/html}, one request at a time (closed loop: a page's render time, not the
 * server's throughput): the sign-in form, the overview, the heavy run's page, the same filtered by a
 * record key and its second page of dead letters, the syncs page, and the inbox (all, and dead only).
 * Each round asks every page {@code requests} times, the order rotated from round to round, after a
 * warm-up of every page.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ConsolePagesScenario [requests=50] [rounds=4] [runs=10000] [deadLetters=100000] [inbox=10000]</pre>
 */
public final class ConsolePagesScenario {
    private static final double TARGET_P95_MS = 300;
    private static final String HEAVY_RUN = "run-with-many-dead-letters";
    private static final String HEAVY_SYNC = "sync-20";
    private static final int CALLS = 2_000;

    /** One page: a name for the report and its path. */
    private record Route(String name, String path) {}

    public static void main(String[] args) throws Exception {
        int[] given = {50, 4, 10_000, 100_000, 10_000}; // requests, rounds, runs, deadLetters, inbox
        for (int i = 0; i < Math.min(args.length, given.length); i++) {
            given[i] = Integer.parseInt(args[i]);
        }
        int requests = given[0];
        int rounds = given[1];
        int runs = given[2];
        int deadLetters = given[3];
        int inbox = given[4];
        Path dir = Files.createTempDirectory("junction-console-pages-");
        System.out.printf(Locale.ROOT, "Console pages: %,d runs, %,d dead letters in one run, %,d inbox events; %d requests per page per round, %d rounds,"
                + " %d processors, load %s%n", runs, deadLetters, inbox, requests, rounds, Runtime.getRuntime().availableProcessors(), Load.average());
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        try (Engine engine = Engine.open(EngineConfig.embedded(dir, env::get))) {
            long seeding = System.nanoTime();
            ApiLatencyScenario.seed(engine.store().runs(), runs, new SplittableRandom(42));
            seedHeavyRun(engine, deadLetters);
            seedInbox(engine, inbox);
            System.out.printf(Locale.ROOT, "stored in %.1f s (load %s)%n", (System.nanoTime() - seeding) / 1e9, Load.average());
            String token = engine.tokens().create(Role.VIEWER, null, "bench", null, "bench").secret();
            JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                URI base = server.baseUrl();
                List<Route> routes = routes(client, base, token);
                measure(client, base, token, routes, requests, rounds);
            } finally {
                server.stop(Duration.ofSeconds(2));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A finished partial run of tenant-1 with {@code n} dead letters (inserted in JDBC batches) and {@value #CALLS} logged calls. */
    private static void seedHeavyRun(Engine engine, int n) throws Exception {
        Instant now = Instant.now();
        Instant started = now.minus(Duration.ofHours(2));
        engine.store().runs().start(HEAVY_RUN, HEAVY_SYNC, "tenant-1", "schedule", started);
        engine.store().runs().finish(HEAVY_RUN, RunStatus.PARTIAL, new RunCounters(n + 5_000L, 5_000, 0, 0, n, 0, 12, 3, 0), null,
                started.plus(Duration.ofMinutes(40)));
        String sql = "insert into dead_letters (created_at, run_id, sync, record_key, reason, payload, source_record, state, kind, tenant, error_category,"
                + " error_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = engine.jdbcStore().dataSource().getConnection(); PreparedStatement insert = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                int reason = i % 10;
                insert.setObject(1, started.plusMillis(i * 20L).atOffset(ZoneOffset.UTC));
                insert.setString(2, HEAVY_RUN);
                insert.setString(3, HEAVY_SYNC);
                insert.setString(4, "contact-" + i);
                insert.setString(5, reason < 7 ? "HTTP 422: email of contact-" + i + " is not an email" : reason < 9 ? "HTTP 409: contact-" + i + " exists"
                        : "mapping failed: field 'priority': no value");
                insert.setString(6, "{\"email\":\"not-an-email-" + i + "\"}");
                insert.setString(7, "{\"id\":\"contact-" + i + "\",\"properties\":{\"email\":\"not-an-email-" + i + "\"}}");
                insert.setString(8, "open");
                insert.setString(9, "write");
                insert.setString(10, "tenant-1");
                insert.setString(11, "permanent");
                insert.setString(12, reason < 7 ? "https://api.example.com/problems/validation" : reason < 9 ? "http_409" : "mapping_failed");
                insert.addBatch();
                if (i % 1_000 == 999) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
        for (int i = 0; i < CALLS; i++) {
            boolean read = i % 4 == 0;
            Instant at = started.plusMillis(i * 1_200L);
            List<String> keys = read ? List.of() : List.of("contact-" + (i * 50), "contact-" + (i * 50 + 1));
            engine.store().exchanges().append(new ExchangeRecord(0, at, HEAVY_RUN, "tenant-1", read ? "tenant-1-crm" : "tenant-1-helpdesk",
                    read ? "GET" : "POST", read ? "https://crm.example.com/v1/contacts?cursor=" + i : "https://helpdesk.example.com/api/users/batch",
                    i % 97 == 0 ? 429 : 200, 40, i % 97 == 1 ? 2 : 1, Map.of("Authorization", List.of("[redacted]")), read ? null : "{\"users\":[…]}",
                    Map.of(), "{\"ok\":true}", null, keys));
        }
    }

    /** {@code n} webhook events of the six tenants' CRMs, one in ten made dead, accepted in batches of 500. */
    private static void seedInbox(Engine engine, int n) {
        Instant now = Instant.now();
        List<InboxRepository.NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String tenant = "tenant-" + (1 + i % 6);
            batch.add(new InboxRepository.NewEvent(tenant + "-crm", tenant, "evt-" + i, "contact.updated", "contact-" + i, "sync:" + HEAVY_SYNC,
                    ("{\"id\":\"contact-" + i + "\"}").getBytes(StandardCharsets.UTF_8), now.minusSeconds(n - i), false, null));
            if (batch.size() == 500 || i == n - 1) {
                engine.inbox().accept(batch);
                batch.clear();
            }
        }
        int dead = 0;
        List<InboxEvent> claimed;
        while (dead < n / 10 && !(claimed = engine.inbox().claim("bench", 500, Duration.ofMinutes(30))).isEmpty()) {
            for (InboxEvent e : claimed) {
                if (dead < n / 10) {
                    engine.inbox().deadLetter(e.id(), "bench", "HTTP 500 from the helpdesk");
                    dead++;
                }
            }
        }
    }

    private static List<Route> routes(HttpClient client, URI base, String token) throws Exception {
        String run = "/console/runs/" + HEAVY_RUN;
        HttpResponse<String> first = client.send(get(base, token, run), HttpResponse.BodyHandlers.ofString());
        Matcher next = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">Next dead letters</a>").matcher(first.body());
        if (first.statusCode() != 200 || !next.find()) {
            throw new IllegalStateException("the heavy run's page has no next page of dead letters: " + first.statusCode() + " "
                    + first.body().substring(0, Math.min(500, first.body().length())));
        }
        return List.of(
                new Route("sign-in form (trivial)", "/console/sign-in"),
                new Route("overview", "/console"),
                new Route("run (100k dead letters)", run),
                new Route("run ?key=", run + "?key=contact-5000"),
                new Route("run, dead letters p.2", next.group(1).replace("&amp;", "&").replaceAll("#.*", "")),
                new Route("syncs", "/console/syncs"),
                new Route("inbox", "/console/inbox"),
                new Route("inbox ?status=dead", "/console/inbox?status=dead"));
    }

    private static void measure(HttpClient client, URI base, String token, List<Route> routes, int requests, int rounds) throws Exception {
        for (Route route : routes) {
            double[] warm = ask(client, base, token, route, Math.max(5, requests / 5));
            System.out.printf(Locale.ROOT, "warm-up %-26s p95 %7.2f ms%n", route.name(), percentile(warm, 0.95));
        }
        Map<String, List<Double>> all = new LinkedHashMap<>();
        Map<String, List<Double>> p95s = new LinkedHashMap<>();
        routes.forEach(r -> {
            all.put(r.name(), new ArrayList<>());
            p95s.put(r.name(), new ArrayList<>());
        });
        System.out.printf(Locale.ROOT, "%n%-5s %-26s %-5s %8s %8s %8s%n", "round", "page", "load", "p50 ms", "p95 ms", "max ms");
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < routes.size(); k++) {
                Route route = routes.get(Math.floorMod(round + k, routes.size()));
                String load = Load.average();
                double[] ms = ask(client, base, token, route, requests);
                System.out.printf(Locale.ROOT, "%-5d %-26s %-5s %8.2f %8.2f %8.2f%n", round + 1, route.name(), load, percentile(ms, 0.5),
                        percentile(ms, 0.95), percentile(ms, 1));
                Arrays.stream(ms).forEach(all.get(route.name())::add);
                p95s.get(route.name()).add(percentile(ms, 0.95));
            }
        }
        System.out.printf(Locale.ROOT, "%nall rounds together (load now %s):%n%-26s %6s %8s %8s %8s %8s  %-22s %s%n", Load.average(), "page", "count",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 per round (min-max)", "p95 < 300 ms");
        for (Route route : routes) {
            double[] ms = all.get(route.name()).stream().mapToDouble(Double::doubleValue).toArray();
            List<Double> p = p95s.get(route.name());
            double p95 = percentile(ms, 0.95);
            System.out.printf(Locale.ROOT, "%-26s %6d %8.2f %8.2f %8.2f %8.2f  %7.2f-%-12.2f %s%n", route.name(), ms.length, percentile(ms, 0.5), p95,
                    percentile(ms, 0.99), percentile(ms, 1), p.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    p.stream().mapToDouble(Double::doubleValue).max().orElse(0), p95 < TARGET_P95_MS ? "yes" : "NO");
        }
    }

    /** {@code n} requests of the page one after the other; their times in ms. Anything but 200 stops the scenario. */
    private static double[] ask(HttpClient client, URI base, String token, Route route, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(get(base, token, route.path()), HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(route.name() + " (" + route.path() + ") answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(500, response.body().length())));
            }
        }
        return ms;
    }

    /** The trivial page gets the token too (it ignores it), so the pages differ only in what the server does. */
    private static HttpRequest get(URI base, String token, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** The nearest-rank percentile ({@code q} 1 is the maximum). */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private ConsolePagesScenario() {}
}
