package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
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
import dev.junction.sync.RecordSource;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * End-to-end scenario S0 and the memory check: a whole sync through the real planner, connector
 * runtime, mapper, fingerprint diff, batching and an H2 store on disk, with both sides local and
 * unlimited. The source is an in-process JDK {@code HttpServer} that generates contacts on the fly
 * (cursor pages of 1,000); the destination accepts every batch and answers at once. It reports
 * records/s, the peak heap (the heap pools' peak usage, and the highest heap left after any GC),
 * and as a baseline the same stream only read and mapped (no diff, no store, no writes).
 *
 * <p>With a second argument, a warm-up sync of that many records (its own generator and its own
 * store in another temp dir) runs first, so the measured sync runs on compiled code: the steady
 * state of a long-lived engine process rather than a fresh JVM's first minute, whose JIT
 * compilation takes about a third of a cold 1M-record run's CPU on 2 cores.
 *
 * <p>{@code -Dobservability=on} turns on what a served process observes, to measure its overhead
 * (issue 15: at most 5 %): Prometheus meters of every attempt and of the run's end, {@code dev.junction}
 * log lines at info (with the run's MDC tags), and traces exported over OTLP to an in-process receiver
 * ({@code -Dtracing=on} alone turns on the traces only).
 *
 * <pre>java -Xmx256m -XX:ActiveProcessorCount=2 -cp junction-bench/target/junction-bench.jar dev.junction.bench.SyncThroughputScenario [records [warm-up records]]</pre>
 */
public final class SyncThroughputScenario {
    private static final int PAGE = 1000;
    private static final byte[] ACCEPTED = "{}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long warmUp = args.length > 1 ? Long.parseLong(args[1]) : 0;
        if (warmUp > 0) {
            warmUp(warmUp);
        }
        LongAdder writtenAtServer = new LongAdder();
        HttpServer server = server(total, writtenAtServer);
        Path dir = Files.createTempDirectory("junction-s0-");
        AtomicLong afterGcPeak = watchGc();
        boolean observed = "on".equalsIgnoreCase(System.getProperty("observability", "off"));
        if (observed) {
            System.setProperty("tracing", "on");
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.junction")).setLevel(ch.qos.logback.classic.Level.INFO);
        }
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters = observed
                ? new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT) : null;
        try (JdbcStore store = JdbcStore.h2(dir); BenchTracing tracing = BenchTracing.fromSettings()) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LoadResult definitions = new SpecLoader().loadTexts(List.of(
                    new SourceText("gen.connector.yaml", CONNECTOR), new SourceText("conn.yaml", CONNECTION.formatted(base)),
                    new SourceText("sync.yaml", SYNC)));
            if (!definitions.problems().isEmpty()) {
                throw new IllegalStateException("bench definitions do not load: " + definitions.problems());
            }
            ObjectMapper json = new ObjectMapper();
            PipelineOptions.Builder options = PipelineOptions.builder().tracing(tracing.tracing());
            if (meters != null) {
                options.listener(new dev.junction.engine.internal.PipelineMeters(meters));
            }
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(name -> null), options.build(), json);
            System.out.printf(Locale.ROOT, "S0: %,d records, pages of %,d, -Xmx %,d MB, %d processors, %s, metrics and info logs %s%n", total, PAGE,
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), tracing.describe(), observed ? "on" : "off");

            long baselineCpu = cpuNanos();
            long baselineStart = System.nanoTime();
            long mapped = 0;
            try (PlannedSync planned = planner.plan(definitions, "bench", "bench")) {
                RecordSource.Reader reader = planned.job().source().open(null, "baseline");
                for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                    for (JsonNode record : page) {
                        planned.job().mapper().map(record);
                        mapped++;
                    }
                }
            }
            double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
            double baselineCpuSeconds = (cpuNanos() - baselineCpu) / 1e9;
            System.out.printf(Locale.ROOT, "baseline read + map: %,d records in %.1f s = %,.0f records/s; %.1f CPU s = %,.0f records per CPU second%n",
                    mapped, baselineSeconds, mapped / baselineSeconds, baselineCpuSeconds, mapped / baselineCpuSeconds);

            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            afterGcPeak.set(0);
            long startCpu = cpuNanos();
            long startJit = jitNanos();
            long start = System.nanoTime();
            RunRecord run;
            try (PlannedSync planned = planner.plan(definitions, "bench", "bench")) {
                run = new SyncEngine(store, json, Clock.systemUTC()).withTracing(tracing.tracing()).run(planned.job(), new Progress(total));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - startCpu) / 1e9;
            double jitSeconds = (jitNanos() - startJit) / 1e9;
            RunCounters c = run.counters();
            System.out.printf(Locale.ROOT, "%nfull sync: %s, read %,d, inserted %,d, failed %,d, %,d received by the destination, in %.1f s = %,.0f records/s%n",
                    run.status(), c.read(), c.inserted(), c.failed(), writtenAtServer.sum(), seconds, c.read() / seconds);
            System.out.printf(Locale.ROOT, "peak heap: pools' peak sum %,d MB; highest after a GC %,d MB (of -Xmx %,d MB)%n",
                    heapPeak() >> 20, afterGcPeak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "peak RSS of the process (VmHWM: engine, generator and destination together): %s%n", peakRss());
            System.out.printf(Locale.ROOT, "full sync: %.1f CPU s (whole process: engine, generator, destination, GC, JIT) = %,.0f records per CPU second%n",
                    cpuSeconds, c.read() / cpuSeconds);
            if (jitSeconds >= 0) {
                System.out.printf(Locale.ROOT, "  of which JIT compiler threads %.1f CPU s; the rest %.1f CPU s = %,.0f records per CPU second%n",
                        jitSeconds, cpuSeconds - jitSeconds, c.read() / (cpuSeconds - jitSeconds));
            }
            System.out.printf(Locale.ROOT, "full sync / baseline: %.2f by wall clock, %.2f by CPU time%n", (c.read() / seconds) / (mapped / baselineSeconds),
                    (c.read() / cpuSeconds) / (mapped / baselineCpuSeconds));
            tracing.flush();
            System.out.println(tracing.describe());
            if (meters != null) {
                new dev.junction.engine.internal.RunMeters(meters, true).ended(run);
                System.out.printf(Locale.ROOT, "observability on: metrics, info logs, traces; /metrics would answer %,d bytes%n", meters.scrape().length());
            }
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A whole sync of {@code records} through its own generator and store, to compile the code the measured sync runs. */
    private static void warmUp(long records) throws Exception {
        LongAdder received = new LongAdder();
        HttpServer server = server(records, received);
        Path dir = Files.createTempDirectory("junction-s0-warmup-");
        long startJit = jitNanos();
        long start = System.nanoTime();
        try (JdbcStore store = JdbcStore.h2(dir)) {
            LoadResult definitions = new SpecLoader().loadTexts(List.of(
                    new SourceText("gen.connector.yaml", CONNECTOR),
                    new SourceText("conn.yaml", CONNECTION.formatted("http://127.0.0.1:" + server.getAddress().getPort())),
                    new SourceText("sync.yaml", SYNC)));
            ObjectMapper json = new ObjectMapper();
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(name -> null), PipelineOptions.builder().build(), json);
            RunRecord run;
            try (PlannedSync planned = planner.plan(definitions, "bench", "bench")) {
                run = new SyncEngine(store, json, Clock.systemUTC()).run(planned.job(), RunListener.NONE);
            }
            System.out.printf(Locale.ROOT, "warm-up sync: %s, %,d records in %.1f s (JIT compiler threads %.1f CPU s)%n", run.status(),
                    run.counters().read(), (System.nanoTime() - start) / 1e9, (jitNanos() - startJit) / 1e9);
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Contacts generated on the fly: {@code GET /contacts?after=N} and a batch endpoint that accepts
     * everything; {@code written} counts the records it accepted. (Also {@link ApiRunScenario}'s source
     * and destination.)
     */
    static HttpServer server(long total, LongAdder written) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService threads = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory());
        server.setExecutor(threads);
        server.createContext("/contacts", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            long after = 0;
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("after=")) {
                        after = Long.parseLong(pair.substring(6));
                    }
                }
            }
            byte[] body = page(after, Math.min(total, after + PAGE), total).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/batch", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                written.add(count(in.readAllBytes()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ACCEPTED.length);
            exchange.getResponseBody().write(ACCEPTED);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static final String[] TIERS = {"gold", "silver", "bronze"};

    private static String page(long from, long to, long total) {
        StringBuilder out = new StringBuilder(256 * PAGE).append("{\"results\":[");
        for (long i = from; i < to; i++) {
            if (i > from) {
                out.append(',');
            }
            out.append("{\"id\":\"c-").append(i).append("\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"properties\":{\"email\":\"user")
                    .append(i).append("@example.com\",\"firstname\":\"Ada\",\"lastname\":\"Lovelace").append(i % 97)
                    .append("\",\"tier\":\"").append(TIERS[(int) (i % 3)]).append("\",\"phone\":\"+1-555-").append(i % 10_000).append("\"}}");
        }
        out.append("],\"paging\":{\"next\":");
        out.append(to < total ? "{\"after\":\"" + to + "\"}" : "null").append("}}");
        return out.toString();
    }

    /** Records in a batch body: each one carries exactly one "external_id". */
    private static int count(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int n = 0;
        for (int i = text.indexOf("\"external_id\""); i >= 0; i = text.indexOf("\"external_id\"", i + 1)) {
            n++;
        }
        return n;
    }

    /** CPU time of the whole process so far (all threads, GC and JIT included), which other loads on the machine do not inflate. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time of the JIT compiler threads so far, from Linux's /proc (-1 elsewhere): a one-time cost
     * of a fresh JVM that weighs heavily in a run of some tens of seconds on 2 cores.
     */
    private static long jitNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    if (!Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                        continue;
                    }
                    // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
                    String stat = Files.readString(thread.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The process's resident-set high-water mark from /proc/self/status, or "unknown" off Linux. */
    static String peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%,d MB", kb >> 10);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // reported as unknown
        }
        return "unknown";
    }

    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The highest heap in use right after any garbage collection (the live set, roughly; heap pools only). */
    static AtomicLong watchGc() {
        AtomicLong peak = new AtomicLong();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    // the GC reports every pool, metaspace and code cache too: only the heap's count
                    if (heapPools.contains(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                peak.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        return peak;
    }

    /** Prints a progress line every 100,000 records read. */
    private static final class Progress implements RunListener {
        private final long total;
        private final AtomicLong printed = new AtomicLong();

        Progress(long total) {
            this.total = total;
        }

        @Override
        public void progress(RunCounters counters, Duration elapsed) {
            long step = counters.read() / 100_000;
            if (step > printed.get() && printed.getAndSet(step) < step) {
                System.out.printf(Locale.ROOT, "  %,d / %,d read, %,d written, %.0f s%n", counters.read(), total, counters.written(), elapsed.toMillis() / 1000.0);
            }
        }
    }

    static final String CONNECTOR = """
            kind: Connector
            name: gen
            version: "1"
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            streams:
              contacts:
                request: { method: GET, path: /contacts }
                records: "$.results"
                primaryKey: id
                pagination: { type: cursor, nextPath: "$.paging.next.after", param: after }
            actions:
              accept:
                request: { method: POST, path: /batch, body: "{ 'users': $records }" }
                batch: { maxRecords: 100 }
            """;

    static final String CONNECTION = """
            kind: Connection
            name: gen
            connector: gen
            config:
              baseUrl: "%s"
            """;

    static final String SYNC = """
            kind: Sync
            name: bench
            source: { connection: gen, stream: contacts, mode: full }
            destination: { connection: gen, action: accept, key: external_id }
            mapping:
              external_id: id
              email: { from: properties.email, convert: [trim, lower] }
              name: "= properties.firstname & ' ' & properties.lastname"
              priority: { from: properties.tier, values: { gold: 1, silver: 2, bronze: 3 }, default: 3 }
              profile.phone: properties.phone
            batch: { size: 100, concurrency: 4 }
            """;
}
