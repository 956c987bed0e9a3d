package dev.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.spec.RateLimitSpec;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.SyncEngine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * End-to-end scenario S1: a whole sync (JSON Lines file source, mapping, fingerprint diff, H2 store,
 * batches of 100 with 4 in flight) into a destination like HubSpot's batch upsert, limited to 190
 * requests per rolling 10 s, 50–150 ms per call (see {@link HubSpotLikeDestination}). The steady
 * ceiling is 19 calls/s = 1,900 records/s. Our side declares the API's published limit in the
 * connector ({@code rateLimit: { requests: 190, per: 10s, learnFromHeaders: true }}) and nothing
 * else; the baseline in the same run is a {@link PlainThrottle} with the same limit. Each pair runs
 * against a destination that lets a full window's burst through (rolling) and one that allows no
 * burst (spaced). Reports records/s after the first window (warm-up), over the whole run, and 429s.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.SyncRateLimitScenario [records] [rolling|spaced|both] [ours|plain|both] [same-jvm|process]</pre>
 */
public final class SyncRateLimitScenario {
    private static final int LIMIT = 190;
    private static final long WINDOW_MILLIS = 10_000;
    private static final double CEILING = LIMIT * 100 * 1000.0 / WINDOW_MILLIS;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String modes = args.length > 1 ? args[1] : "both";
        String clients = args.length > 2 ? args[2] : "both";
        boolean process = args.length > 3 && args[3].equals("process");
        if (args.length > 3 && !args[3].equals("same-jvm") && !args[3].equals("process")) {
            System.err.println("4th argument: expected 'same-jvm' (the default) or 'process' (the destination in a JVM of its own), was '" + args[3] + "'");
            System.exit(2);
        }
        String decide = System.getProperty(HubSpotLikeDestination.DECIDE_PROPERTY, "edge");
        if (!decide.equals("edge") && !decide.equals("handler")) {
            System.err.println("-D" + HubSpotLikeDestination.DECIDE_PROPERTY + ": expected 'edge' (the default) or 'handler', was '" + decide + "'");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("junction-s1-");
        try {
            Path file = dir.resolve("contacts.jsonl");
            writeContacts(file, records);
            // warm the JVM (class loading, JIT, H2) with a short unmeasured run, so the first measured one is not the cold one
            Path warmUp = dir.resolve("warm-up.jsonl");
            writeContacts(warmUp, 3_000);
            run(HubSpotLikeDestination.Mode.ROLLING, true, warmUp, 3_000, dir, false, process);
            System.out.printf(Locale.ROOT, "S1: %,d records, limit %d per rolling %d s (ceiling %,.0f records/s), %d processors, destination %s, calls decided %s%n%n", records,
                    LIMIT, WINDOW_MILLIS / 1000, CEILING, Runtime.getRuntime().availableProcessors(), process ? "in a JVM process of its own" : "in this JVM",
                    decide.equals("edge") ? "on the server's dispatcher thread (edge)" : "in the handler on a worker thread");
            System.out.println("| destination | client | records/s after 1st window | ratio to ceiling | records/s whole run | 429s in 1st window | 429s after | run | all keys arrived |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (HubSpotLikeDestination.Mode mode : HubSpotLikeDestination.Mode.values()) {
                if (!modes.equals("both") && !modes.equalsIgnoreCase(mode.name())) {
                    continue;
                }
                for (boolean ours : new boolean[] {true, false}) {
                    if (clients.equals("both") || clients.equals(ours ? "ours" : "plain")) {
                        run(mode, ours, file, records, dir, true, process);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(HubSpotLikeDestination.Mode mode, boolean ours, Path file, int records, Path dir, boolean print, boolean process)
            throws IOException {
        Path storeDir = Files.createTempDirectory(dir, "store-");
        // the baseline may collapse: stop it once it took twice the time the ceiling allows
        long timeoutSeconds = Math.max(30, (long) (2 * records / CEILING));
        try (S1Destination destination = process ? new DestinationProcess(mode, LIMIT, WINDOW_MILLIS) : new HubSpotLikeDestination(mode, LIMIT, WINDOW_MILLIS);
                JdbcStore store = JdbcStore.h2(storeDir)) {
            LoadResult definitions = new SpecLoader().loadTexts(List.of(
                    new SourceText("hub.connector.yaml", ours ? CONNECTOR_OURS : CONNECTOR_PLAIN),
                    new SourceText("hub.connection.yaml", CONNECTION.formatted(destination.baseUrl())),
                    new SourceText("s1.sync.yaml", SYNC.formatted(file.toString().replace("\\", "/"), timeoutSeconds))));
            if (!definitions.problems().isEmpty()) {
                throw new IllegalStateException("bench definitions do not load: " + definitions.problems());
            }
            ObjectMapper json = new ObjectMapper();
            RateLimiters limiters = new RateLimiters();
            PipelineOptions.Builder options = PipelineOptions.builder().bodyLogLimit(0).rateLimiters(limiters);
            if (!ours) {
                options.addInterceptor(new PlainThrottle(LIMIT, Duration.ofMillis(WINDOW_MILLIS)));
            }
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(name -> null), options.build(), json);
            long start = System.nanoTime();
            RunRecord run;
            SpacingTrace trace = ours && print && Boolean.getBoolean("verbose")
                    ? new SpacingTrace(limiters.forConnection("hub", new RateLimitSpec(LIMIT, Duration.ofMillis(WINDOW_MILLIS), 0, true)), start)
                    : null;
            try (PlannedSync planned = planner.plan(definitions, "s1", "bench")) {
                run = new SyncEngine(store, json, Clock.systemUTC()).run(planned.job(), new Progress(destination, start));
            } finally {
                if (trace != null) {
                    trace.close();
                }
            }
            long end = System.nanoTime();
            if (print) {
                report(mode, ours, destination.stats(), run, start, end, records);
                if (trace != null) {
                    System.out.println("  budget spacing (s: ms): " + trace);
                }
            }
        }
    }

    private static void report(HubSpotLikeDestination.Mode mode, boolean ours, S1Destination.Stats destination, RunRecord run, long start,
            long end, int records) {
        long warm = start + WINDOW_MILLIS * 1_000_000L;
        long after = destination.accepted().stream().filter(c -> c[0] >= warm).mapToLong(c -> c[1]).sum();
        long early429 = destination.refused().stream().filter(t -> t < warm).count();
        long late429 = destination.refused().size() - early429;
        double steady = after / ((end - warm) / 1e9);
        double whole = destination.records() / ((end - start) / 1e9);
        RunCounters c = run.counters();
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.3f | %,.0f | %d | %d | %s in %.1f s, %,d written | %s |%n", mode.name().toLowerCase(Locale.ROOT),
                ours ? "Junction budget (declared 190/10s, learnFromHeaders)" : "plain throttle (bucket of 190, 19/s)", steady, steady / CEILING, whole,
                early429, late429, run.status().name().toLowerCase(Locale.ROOT), (end - start) / 1e9, c.written(),
                destination.keys() == records ? "yes" : destination.keys() + " of " + records);
        if (Boolean.getBoolean("verbose")) {
            if (run.error() != null) {
                System.out.println("  error: " + run.error());
            }
            // how the calls arrived: gaps between accepted calls, and how early each refused one came
            long[] accepted = destination.accepted().stream().mapToLong(a -> a[0]).sorted().toArray();
            long[] gaps = new long[Math.max(0, accepted.length - 1)];
            for (int i = 1; i < accepted.length; i++) {
                gaps[i - 1] = (accepted[i] - accepted[i - 1]) / 100_000;
            }
            java.util.Arrays.sort(gaps);
            if (gaps.length > 0) {
                System.out.printf(Locale.ROOT, "  accepted gaps (0.1 ms): p1 %d p10 %d p50 %d p90 %d p99 %d max %d%n", gaps[gaps.length / 100], gaps[gaps.length / 10],
                        gaps[gaps.length / 2], gaps[gaps.length * 9 / 10], gaps[gaps.length * 99 / 100], gaps[gaps.length - 1]);
            }
            StringBuilder early = new StringBuilder("  refused at (s) / since last accepted (ms):");
            for (long t : destination.refused()) {
                int i = java.util.Arrays.binarySearch(accepted, t);
                long previous = i >= 0 ? accepted[i] : -i - 2 >= 0 ? accepted[-i - 2] : start;
                early.append(String.format(Locale.ROOT, " %.1f/%.1f", (t - start) / 1e9, (t - previous) / 1e6));
            }
            System.out.println(early);
            System.out.println("  client connections: " + destination.connections());
        }
    }

    private static void writeContacts(Path file, int records) throws IOException {
        String[] tiers = {"gold", "silver", "bronze"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                out.write("{\"id\":\"c-" + i + "\",\"email\":\"user" + i + "@example.com\",\"firstname\":\"Ada\",\"lastname\":\"Lovelace" + (i % 97)
                        + "\",\"tier\":\"" + tiers[i % 3] + "\"}\n");
            }
        }
    }

    /** Prints the destination's view every 10 s when {@code -Dverbose=true}. */
    private record Progress(S1Destination destination, long start) implements dev.junction.sync.RunListener {
        private static final java.util.concurrent.atomic.AtomicLong PRINTED = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void progress(RunCounters counters, Duration elapsed) {
            long step = elapsed.toSeconds() / 10;
            if (Boolean.getBoolean("verbose") && step > 0 && PRINTED.getAndSet(step) != step) {
                S1Destination.Stats stats = destination.stats();
                System.out.printf(Locale.ROOT, "  %3d s: %,d records accepted, %d 429s%n", elapsed.toSeconds(), stats.records(), stats.refused().size());
            }
        }
    }

    private static final String CONNECTOR_OURS = """
            kind: Connector
            name: hub
            version: "1"
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            retry: { maxAttempts: 10, initialDelay: 200ms, maxDelay: 5s }
            rateLimit: { requests: 190, per: 10s, learnFromHeaders: true }
            actions:
              upsertContacts:
                request: { method: POST, path: /crm/v3/objects/contacts/batch/upsert, body: "{ 'inputs': $records }" }
                batch: { maxRecords: 100 }
            """;

    private static final String CONNECTOR_PLAIN = """
            kind: Connector
            name: hub
            version: "1"
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            retry: { maxAttempts: 1 }
            actions:
              upsertContacts:
                request: { method: POST, path: /crm/v3/objects/contacts/batch/upsert, body: "{ 'inputs': $records }" }
                batch: { maxRecords: 100 }
            """;

    private static final String CONNECTION = """
            kind: Connection
            name: hub
            connector: hub
            config:
              baseUrl: "%s"
            """;

    private static final String SYNC = """
            kind: Sync
            name: s1
            source: { file: { path: "%s", primaryKey: id } }
            destination: { connection: hub, action: upsertContacts, key: id }
            mapping:
              id: id
              properties.email: email
              properties.firstname: firstname
              properties.lastname: lastname
              properties.tier: tier
            batch: { size: 100, concurrency: 4 }
            timeout: %ds
            """;
}
