package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.engine.Runs;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Issue 11's run target: a run started through the API does at least 0.95× the records/s of the same
 * run started by the CLI.
 *
 * <p>One process holds one engine on an embedded H2 store (temporary directory), the REST server over
 * it and its run queue, started ({@code junction serve}'s set-up), and the S0 contacts generator
 * ({@link SyncThroughputScenario}: cursor pages of 1,000 generated on the fly, a batch endpoint that
 * accepts everything, both in-process). The same sync, applied under a fresh name for every run so
 * that each run inserts every record (no fingerprints from an earlier run), runs either way:
 *
 * <ul>
 *   <li><b>CLI</b>: {@code engine.runs().run(definitions, request, RunListener.NONE)}, what
 *       {@code junction run} does once its engine is open (the JVM start and store opening of a real
 *       CLI process are not counted);
 *   <li><b>API</b>: {@code POST /api/v1/runs}, then {@code GET /api/v1/runs/{id}} every poll interval
 *       until the run is in a final status.
 * </ul>
 *
 * Records/s two ways: <em>execution</em>, records read over the run's own {@code startedAt} to
 * {@code finishedAt} (for an API run from its claim by a worker, so planning is inside; for a CLI run
 * from the run's start after planning); and <em>end to end</em>, over the time the client waited
 * (request to final status as the client sees it: the POST, the queue's dispatch and the polling
 * included). Two warm-up runs each way (CLI, API, CLI, API), then pairs alternating which goes first
 * (CLI, API / API, CLI / ...). The process CPU time of each run is reported too: the machine's other
 * loads do not inflate it.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ApiRunScenario [records=600000] [pairs=4] [pollMillis=50]</pre>
 */
public final class ApiRunScenario {
    private static final Set<String> FINAL = Set.of("succeeded", "partial", "failed", "cancelled", "abandoned");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP_RUNS = 4;

    /**
     * One measured run.
     *
     * @param read records the run read (each one inserted: checked)
     * @param executionSeconds the run's startedAt to finishedAt
     * @param endToEndSeconds request to final status, as the caller saw it
     * @param beforeStartSeconds request to the run's startedAt (API: the POST, the queue's dispatch, the claim; CLI: planning)
     * @param afterFinishSeconds the run's finishedAt to the caller seeing it finished (API: up to a poll interval)
     * @param postSeconds API only: the POST's answer time
     * @param cpuSeconds the whole process's CPU time from request to seen (engine, generator, server, GC, JIT): what the run
     *     cost, which other loads on the machine do not inflate
     * @param pollMillis API only: the answer time of each status request, in ms
     */
    private record Measured(String path, String sync, String load, long read, double executionSeconds, double endToEndSeconds,
            double beforeStartSeconds, double afterFinishSeconds, double postSeconds, double cpuSeconds, List<Double> pollMillis) {
        double executionRate() {
            return read / executionSeconds;
        }

        double endToEndRate() {
            return read / endToEndSeconds;
        }

        double perCpuSecond() {
            return read / cpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 600_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 50);
        LongAdder received = new LongAdder();
        HttpServer generator = SyncThroughputScenario.server(records, received);
        Path dir = Files.createTempDirectory("junction-api-run-");
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        System.out.printf(Locale.ROOT, "API run against CLI run: %,d records a run, %d pairs, poll every %d ms, %d processors, load %s%n", records, pairs,
                poll.toMillis(), Runtime.getRuntime().availableProcessors(), Load.average());
        try (Engine engine = Engine.open(EngineConfig.embedded(dir, env::get))) {
            List<SourceText> texts = new ArrayList<>(List.of(new SourceText("gen.connector.yaml", SyncThroughputScenario.CONNECTOR),
                    new SourceText("gen.connection.yaml", SyncThroughputScenario.CONNECTION.formatted("http://127.0.0.1:" + generator.getAddress().getPort()))));
            for (int i = 0; i < WARM_UP_RUNS + 2 * pairs; i++) {
                texts.add(new SourceText("bench-" + i + ".sync.yaml", SyncThroughputScenario.SYNC.replace("name: bench\n", "name: bench-" + i + "\n")));
            }
            var applied = engine.definitions().apply(texts, "bench");
            if (!applied.ok()) {
                throw new IllegalStateException("bench definitions do not apply: " + applied.result().problems());
            }
            String token = engine.tokens().create(Role.EDITOR, null, "bench", null, "bench").secret();
            JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
            engine.runQueue().start();
            try {
                Paths paths = new Paths(engine, server.baseUrl(), token, poll, received, records);
                // two each way: a cold JVM's first run compiles for most of its CPU, and the third run of the process still paid
                // for it (measured: its CLI run did 0.75–0.85× the records/s of the later ones while warm-up was one run each way)
                for (int i = 0; i < WARM_UP_RUNS; i++) {
                    report(i % 2 == 0 ? paths.cli("bench-" + i) : paths.api("bench-" + i), "warm-up");
                }
                List<Measured> cli = new ArrayList<>();
                List<Measured> api = new ArrayList<>();
                for (int pair = 0; pair < pairs; pair++) {
                    String first = "bench-" + (WARM_UP_RUNS + 2 * pair);
                    String second = "bench-" + (WARM_UP_RUNS + 1 + 2 * pair);
                    if (pair % 2 == 0) {
                        cli.add(report(paths.cli(first), "pair " + (pair + 1)));
                        api.add(report(paths.api(second), "pair " + (pair + 1)));
                    } else {
                        api.add(report(paths.api(first), "pair " + (pair + 1)));
                        cli.add(report(paths.cli(second), "pair " + (pair + 1)));
                    }
                }
                summary(cli, api);
            } finally {
                engine.runQueue().stop(Duration.ofSeconds(5));
                server.stop(Duration.ofSeconds(2));
            }
        } finally {
            generator.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The two ways to start a run, each checked to have inserted every record. */
    private record Paths(Engine engine, URI base, String token, Duration poll, LongAdder received, long records) {
        Measured cli(String sync) {
            String load = Load.average();
            long before = received.sum();
            var definitions = engine.definitions().applied();
            long cpu = cpuNanos();
            Instant asked = Instant.now();
            long start = System.nanoTime();
            RunRecord run = engine.runs().run(definitions, new Runs.Request(sync, null, "cli", false), RunListener.NONE).run();
            double endToEnd = (System.nanoTime() - start) / 1e9;
            Instant seen = Instant.now();
            return measured("CLI", sync, load, run, before, asked, seen, endToEnd, Double.NaN, cpuNanos() - cpu, List.of());
        }

        Measured api(String sync) throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String load = Load.average();
            long before = received.sum();
            long cpu = cpuNanos();
            Instant asked = Instant.now();
            long start = System.nanoTime();
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/runs")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sync\":\"" + sync + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double post = (System.nanoTime() - start) / 1e9;
            if (posted.statusCode() != 202) {
                throw new IllegalStateException("POST /api/v1/runs answered " + posted.statusCode() + ": " + posted.body());
            }
            String id = JSON.readTree(posted.body()).path("runs").path(0).path("id").asText();
            HttpRequest status = HttpRequest.newBuilder(base.resolve("/api/v1/runs/" + id)).header("Authorization", "Bearer " + token).GET().build();
            List<Double> polls = new ArrayList<>();
            while (true) {
                Thread.sleep(poll);
                long sent = System.nanoTime();
                HttpResponse<String> response = client.send(status, HttpResponse.BodyHandlers.ofString());
                polls.add((System.nanoTime() - sent) / 1e6);
                JsonNode run = JSON.readTree(response.body());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/v1/runs/" + id + " answered " + response.statusCode() + ": " + response.body());
                }
                if (FINAL.contains(run.path("status").asText())) {
                    break;
                }
            }
            double endToEnd = (System.nanoTime() - start) / 1e9;
            Instant seen = Instant.now();
            return measured("API", sync, load, engine.runs().get(id), before, asked, seen, endToEnd, post, cpuNanos() - cpu, polls);
        }

        private Measured measured(String path, String sync, String load, RunRecord run, long receivedBefore, Instant asked, Instant seen, double endToEnd,
                double post, long cpuNanos, List<Double> pollMillis) {
            long written = received.sum() - receivedBefore;
            if (run.status() != RunStatus.SUCCEEDED || run.counters().inserted() != records || written != records) {
                throw new IllegalStateException(path + " run " + run.id() + " of " + sync + " did not insert every record: " + run.status() + ", "
                        + run.counters() + ", " + written + " received by the destination, " + run.error());
            }
            return new Measured(path, sync, load, run.counters().read(), seconds(run.startedAt(), run.finishedAt()), endToEnd,
                    seconds(asked, run.startedAt()), seconds(run.finishedAt(), seen), post, cpuNanos / 1e9, pollMillis);
        }
    }

    private static Measured report(Measured m, String label) {
        System.out.printf(Locale.ROOT, "%-8s %-3s %-9s load %-5s execution %6.2f s = %,7.0f records/s; end to end %6.2f s = %,7.0f records/s;"
                + " %5.1f CPU s = %,6.0f records per CPU s; request to start %4.0f ms, finish to seen %3.0f ms%s%n", label, m.path(), m.sync(), m.load(),
                m.executionSeconds(), m.executionRate(), m.endToEndSeconds(), m.endToEndRate(), m.cpuSeconds(), m.perCpuSecond(),
                m.beforeStartSeconds() * 1000, m.afterFinishSeconds() * 1000, Double.isNaN(m.postSeconds()) ? ""
                        : String.format(Locale.ROOT, " (POST answered in %.0f ms; %d polls, slowest answered in %.0f ms)", m.postSeconds() * 1000,
                                m.pollMillis().size(), max(m.pollMillis())));
        return m;
    }

    /** CPU time of the whole process so far (all threads), which other loads on the machine do not inflate. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void summary(List<Measured> cli, List<Measured> api) {
        System.out.printf(Locale.ROOT, "%nmedians of %d runs each way (load now %s):%n", cli.size(), Load.average());
        double cliExec = median(cli.stream().map(Measured::executionRate).toList());
        double apiExec = median(api.stream().map(Measured::executionRate).toList());
        double cliEnd = median(cli.stream().map(Measured::endToEndRate).toList());
        double apiEnd = median(api.stream().map(Measured::endToEndRate).toList());
        System.out.printf(Locale.ROOT, "  execution:   CLI %,7.0f records/s (%s), API %,7.0f records/s (%s): API / CLI %.3f%n", cliExec,
                range(cli.stream().map(Measured::executionRate).toList()), apiExec, range(api.stream().map(Measured::executionRate).toList()), apiExec / cliExec);
        System.out.printf(Locale.ROOT, "  end to end:  CLI %,7.0f records/s (%s), API %,7.0f records/s (%s): API / CLI %.3f%n", cliEnd,
                range(cli.stream().map(Measured::endToEndRate).toList()), apiEnd, range(api.stream().map(Measured::endToEndRate).toList()), apiEnd / cliEnd);
        double cliCpu = median(cli.stream().map(Measured::perCpuSecond).toList());
        double apiCpu = median(api.stream().map(Measured::perCpuSecond).toList());
        System.out.printf(Locale.ROOT, "  per CPU s:   CLI %,7.0f records (%s), API %,7.0f records (%s): API / CLI %.3f%n", cliCpu,
                range(cli.stream().map(Measured::perCpuSecond).toList()), apiCpu, range(api.stream().map(Measured::perCpuSecond).toList()), apiCpu / cliCpu);
        List<Double> pairRatios = new ArrayList<>();
        for (int i = 0; i < cli.size(); i++) {
            pairRatios.add(api.get(i).endToEndRate() / cli.get(i).endToEndRate());
        }
        System.out.printf(Locale.ROOT, "  end to end, API / CLI pair by pair: %s (median %.3f)%n",
                String.join(", ", pairRatios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList()), median(pairRatios));
        System.out.printf(Locale.ROOT, "  API request to start (POST, dispatch, claim): median %.0f ms; finish to seen (polling): median %.0f ms;"
                + " CLI request to start (planning): median %.0f ms%n", median(api.stream().map(Measured::beforeStartSeconds).toList()) * 1000,
                median(api.stream().map(Measured::afterFinishSeconds).toList()) * 1000, median(cli.stream().map(Measured::beforeStartSeconds).toList()) * 1000);
        double[] polls = api.stream().flatMap(m -> m.pollMillis().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  status requests during the API runs (GET /api/v1/runs/{id}, a run writing meanwhile): %d, answered in p50 %.1f ms,"
                + " p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", polls.length, rank(polls, 0.5), rank(polls, 0.9), rank(polls, 0.99), polls[polls.length - 1]);
        System.out.printf(Locale.ROOT, "  target API ≥ 0.95× CLI records/s: execution %s, end to end %s%n", apiExec / cliExec >= 0.95 ? "met" : "NOT met",
                apiEnd / cliEnd >= 0.95 ? "met" : "NOT met");
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static String range(List<Double> values) {
        return String.format(Locale.ROOT, "%,.0f–%,.0f", values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static double rank(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private ApiRunScenario() {}
}
