package dev.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.RunRecord;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Mode mirror: how fast a run deletes the records gone from its source through a per-record
 * {@code DELETE /api/users/by-external-id/{id}} action of the sandbox Helpdesk (every call answered
 * after {@code latency}), with {@code batch.concurrency} 1 (one call after another, as before) and
 * {@code concurrency} calls at once, in the same JVM one after the other. Each sync first writes its
 * users (no latency), then its source file is emptied and the timed run deletes them all.
 *
 * <pre>java -XX:ActiveProcessorCount=2 -cp junction-bench/target/junction-bench.jar dev.junction.bench.MirrorDeleteScenario [users=300] [concurrency=4] [latencyMs=20]</pre>
 * Run from the repository root (it reads {@code examples/demo}).
 */
public final class MirrorDeleteScenario {
    private static final Path DEMO = Path.of("examples", "demo");

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Duration latency = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 20);
        Path dir = Files.createTempDirectory("junction-mirror-");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0));
                JdbcStore store = JdbcStore.h2(dir.resolve("store"))) {
            Map<String, String> env = Map.of("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString(), "HELPDESK_API_KEY", sandbox.helpdesk().apiKey(),
                    "ACME_CRM_URL", sandbox.crm().baseUrl().toString(), "ACME_CRM_TOKEN", sandbox.crm().token());
            ObjectMapper json = new ObjectMapper();
            SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(env::get), PipelineOptions.builder().build(), json);
            List<SourceText> texts = new ArrayList<>();
            for (String file : List.of("helpdesk.connector.yaml", "acme-crm.connector.yaml", "connections.yaml")) {
                texts.add(new SourceText(file, Files.readString(DEMO.resolve(file))));
            }
            StringBuilder syncs = new StringBuilder();
            for (int c : List.of(1, concurrency)) {
                Path file = dir.resolve("users-" + c + ".jsonl");
                Files.writeString(file, IntStream.range(0, users).mapToObj(i -> "{\"id\": \"c%d-u%05d\", \"email\": \"u%d@c%d.example\"}".formatted(c, i, i, c))
                        .collect(Collectors.joining("\n")));
                syncs.append("""
                        kind: Sync
                        name: mirror-c%d
                        source: { file: { path: "%s", primaryKey: id } }
                        destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: mirror, deleteAction: deleteUser, maxDeletePercent: 100 }
                        mapping: { external_id: id, email: email }
                        batch: { size: 50, concurrency: %d }
                        ---
                        """.formatted(c, file.toString().replace("\\", "/"), c));
            }
            texts.add(new SourceText("syncs.yaml", syncs.toString()));
            LoadResult definitions = new SpecLoader().loadTexts(texts);
            if (!definitions.problems().isEmpty()) {
                throw new IllegalStateException("bench definitions do not load: " + definitions.problems());
            }
            SyncEngine engine = new SyncEngine(store, json, Clock.systemUTC());
            for (int c : List.of(1, concurrency)) {
                run(planner, definitions, engine, "mirror-c" + c);
                Files.writeString(dir.resolve("users-" + c + ".jsonl"), "");
            }
            System.out.printf(Locale.ROOT, "mirror deletes: %,d users per sync, DELETE per user answered after %d ms, %d processors%n",
                    users, latency.toMillis(), Runtime.getRuntime().availableProcessors());
            sandbox.helpdesk().setFaults(Faults.NONE.withLatency(latency));
            double[] rates = new double[2];
            int i = 0;
            for (int c : List.of(1, concurrency)) {
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long start = System.nanoTime();
                RunRecord run = run(planner, definitions, engine, "mirror-c" + c);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates[i++] = run.counters().deleted() / seconds;
                System.out.printf(Locale.ROOT, "concurrency %d: %s, deleted %,d in %.2f s = %,.0f deletes/s (run thread CPU %.2f s)%n", c, run.status(),
                        run.counters().deleted(), seconds, run.counters().deleted() / seconds,
                        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9);
            }
            System.out.printf(Locale.ROOT, "concurrency %d / concurrency 1: %.2f%n", concurrency, rates[1] / rates[0]);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static RunRecord run(SyncPlanner planner, LoadResult definitions, SyncEngine engine, String sync) {
        try (PlannedSync planned = planner.plan(definitions, sync, "bench")) {
            RunRecord run = engine.run(planned.job(), RunListener.NONE);
            if (run.error() != null) {
                System.out.println("  " + sync + " error: " + run.error());
            }
            return run;
        }
    }
}
