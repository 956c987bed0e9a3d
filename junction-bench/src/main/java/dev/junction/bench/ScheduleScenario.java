package dev.junction.bench;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.ScheduleTick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Issue 12's scheduler target: 10,000 schedules of a no-op run on one node, their fire times spread
 * evenly over each minute; the delay from a fire's due time to the moment the scheduler took it
 * ({@link ScheduleTick#firedAt()} − {@link ScheduleTick#dueAt()}), p99 &lt; 2 s.
 *
 * <p>One engine with its run queue started (as in {@code junction serve}), on an embedded H2 store (or
 * the PostgreSQL {@code JUNCTION_STORE_URL} names). Sync {@code noop-i} reads a one-record JSON Lines
 * file and upserts it into the sandbox Helpdesk; after its first run the record is unchanged, so a
 * run makes no call at all. Its schedule is {@code "S * * * * *"} with {@code S = i mod 60}: every
 * minute, {@code n/60} schedules fire in each second. The baseline, in the same run: the first 60
 * schedules alone (one a second) for {@code baselineMinutes}; then all {@code n} for
 * {@code minutes}, the first of which is warm-up (every sync's first run writes). Every fire counts,
 * whatever it did (queued a run, or skipped because the sync's previous run was still queued).
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ScheduleScenario [n=10000] [minutes=3] [baselineMinutes=1]</pre>
 */
public final class ScheduleScenario {
    private static final double TARGET_P99_MS = 2000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int baselineMinutes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("junction-schedules-");
        Path record = dir.resolve("one.jsonl");
        Files.writeString(record, "{\"id\":\"noop-1\",\"email\":\"noop@example.com\",\"name\":\"No Op\"}\n");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(10).withHelpdeskUsers(0).withHelpdeskRateLimit(0))) {
            Map<String, String> env = IngestScenario.demoEnv(sandbox);
            BenchPostgres.startIfAsked(env); // -Djunction.bench.store=postgres: stopped when the JVM exits
            StoreLocation store = StoreLocation.choose(null, env::get, dir.resolve("data"));
            System.out.printf(Locale.ROOT, "Schedules: %,d no-op schedules spread over each minute for %d min (after %d min of 60 as the baseline), store %s, %d processors,"
                    + " load %s%n", n, minutes, baselineMinutes, store.describe(), Runtime.getRuntime().availableProcessors(), Load.average());
            try (Engine engine = Engine.open(new EngineConfig(store, dir.resolve("data"), env::get, Clock.systemUTC()))) {
                apply(engine, record, Math.min(60, n));
                engine.runQueue().start();
                Instant baselineFrom = nextMinute();
                sleepUntil(baselineFrom.plus(Duration.ofMinutes(baselineMinutes)));
                Delays baseline = delays(engine, Math.min(60, n), baselineFrom, baselineFrom.plus(Duration.ofMinutes(baselineMinutes)));

                long applying = System.nanoTime();
                apply(engine, record, n);
                System.out.printf(Locale.ROOT, "applied %,d syncs in %.1f s%n", n, (System.nanoTime() - applying) / 1e9);
                Instant from = nextMinute().plus(Duration.ofMinutes(1)); // the first whole minute is warm-up
                Instant to = from.plus(Duration.ofMinutes(Math.max(1, minutes - 1)));
                sleepUntil(to.plusSeconds(5));
                Delays all = delays(engine, n, from, to);
                System.out.printf(Locale.ROOT, "%n%-28s %8s %8s %8s %8s %8s %8s  %s%n", "fires due to taken", "fires", "expected", "p50 ms", "p90 ms", "p99 ms", "max ms",
                        "outcomes");
                baseline.print("60 schedules (baseline)", 60L * baselineMinutes);
                all.print(String.format(Locale.ROOT, "%,d schedules", n), (long) n * Duration.between(from, to).toMinutes());
                System.out.printf(Locale.ROOT, "p99 / baseline p99: %.2f×; target p99 < %.0f ms: %s%n", all.pct(0.99) / baseline.pct(0.99), TARGET_P99_MS,
                        all.pct(0.99) < TARGET_P99_MS && all.count() > 0 ? "met" : "NOT met");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void apply(Engine engine, Path record, int n) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (String connector : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml")) {
            yaml.append(Files.readString(Path.of("examples", "demo", connector))).append("\n---\n");
        }
        yaml.append(Files.readString(Path.of("examples", "demo", "connections.yaml"))).append('\n');
        for (int i = 0; i < n; i++) {
            yaml.append("""
                    ---
                    kind: Sync
                    name: %s
                    source: { file: { path: "%s", primaryKey: id } }
                    destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                    mapping: { external_id: id, email: email, name: name }
                    schedule: "%d * * * * *"
                    """.formatted(sync(i), record.toAbsolutePath(), i % 60));
        }
        var applied = engine.definitions().apply(List.of(new SourceText("schedules.yaml", yaml.toString())));
        if (!applied.ok()) {
            throw new IllegalStateException("the schedules did not apply: " + applied.result().problems());
        }
    }

    private static String sync(int i) {
        return "noop-%05d".formatted(i);
    }

    private static Instant nextMinute() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** The fires of the first {@code n} schedules due in [from, to). */
    private static Delays delays(Engine engine, int n, Instant from, Instant to) {
        List<Long> micros = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            for (ScheduleTick tick : engine.store().schedules().ticks(sync(i), null, 100)) {
                if (!tick.dueAt().isBefore(from) && tick.dueAt().isBefore(to)) {
                    micros.add(Duration.between(tick.dueAt(), tick.firedAt()).toNanos() / 1000);
                    outcomes.merge(tick.outcome(), 1, Integer::sum);
                }
            }
        }
        return new Delays(micros.stream().mapToLong(Long::longValue).sorted().toArray(), outcomes);
    }

    private record Delays(long[] sortedMicros, Map<String, Integer> outcomes) {
        int count() {
            return sortedMicros.length;
        }

        double pct(double q) {
            if (sortedMicros.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sortedMicros.length);
            return sortedMicros[Math.max(0, Math.min(sortedMicros.length, rank) - 1)] / 1000.0;
        }

        void print(String name, long expected) {
            System.out.printf(Locale.ROOT, "%-28s %8d %8d %8.1f %8.1f %8.1f %8.1f  %s%n", name, count(), expected, pct(0.5), pct(0.9), pct(0.99), pct(1), outcomes);
        }
    }
}
