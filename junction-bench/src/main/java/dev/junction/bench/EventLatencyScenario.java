package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.sandbox.WebhookKnobs;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Issue 12's event-to-destination latency: from a contact change in the CRM to the Helpdesk's write of
 * it, p50 and p99 at 100 events/s.
 *
 * <p>The sandbox CRM (Standard Webhooks, 16 deliveries in flight) posts each change to
 * {@code /hooks/crm} of a server as {@code junction serve} builds it, on an embedded H2 store
 * (or the PostgreSQL {@code JUNCTION_STORE_URL} names), with the {@code examples/demo} definitions and
 * the run queue started; the inbox workers run the demo sync over each batch of events and write to
 * the sandbox Helpdesk. A thread changes one contact every 10 ms (open loop: each change is due at its
 * time whatever happened before) and notes when; the Helpdesk's ledger says when each version was
 * written. The baseline, measured in the same run for the same events: change to <em>stored in the
 * inbox</em> (the event's {@code receivedAt}: the CRM's delivery, verification and the durable group
 * commit) — what is left is Junction's processing (claim, run, mapping, batch, Helpdesk call).
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.EventLatencyScenario [seconds=30] [rate=100] [warmUpSeconds=10]</pre>
 */
public final class EventLatencyScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("junction-event-latency-");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(20_000).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0))) {
            Map<String, String> env = IngestScenario.demoEnv(sandbox);
            BenchPostgres.startIfAsked(env); // -Djunction.bench.store=postgres: stopped when the JVM exits
            StoreLocation store = StoreLocation.choose(null, env::get, dir);
            System.out.printf(Locale.ROOT, "Event to destination: store %s, %d changes/s for %d s after %d s of warm-up, %d processors, load %s%n",
                    store.describe(), rate, seconds, warmUpSeconds, Runtime.getRuntime().availableProcessors(), Load.average());
            try (Engine engine = Engine.open(new EngineConfig(store, dir, env::get, Clock.systemUTC()))) {
                IngestScenario.applyDemo(engine);
                engine.runQueue().start();
                JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
                try {
                    sandbox.crm().webhooks().setKnobs(WebhookKnobs.DEFAULTS.withConcurrency(16));
                    sandbox.crm().webhooks().subscribe(server.baseUrl().resolve("/hooks/crm"), IngestScenario.SECRET, List.of("contact.*"));
                    change(sandbox, rate, warmUpSeconds, new ConcurrentHashMap<>());
                    settle(engine, sandbox);
                    sandbox.helpdesk().reset();
                    long afterId = lastInboxId(engine);
                    Map<String, Instant> changes = new ConcurrentHashMap<>();
                    change(sandbox, rate, seconds, changes);
                    settle(engine, sandbox);
                    report(engine, sandbox, changes, afterId);
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

    /** Changes one contact every 1/rate s for {@code seconds}; notes each new version ("id|first last") with when its change began. */
    private static void change(Sandbox sandbox, int rate, int seconds, Map<String, Instant> changes) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            Instant at = Instant.now();
            String id = sandbox.crm().changeContacts(1).getFirst();
            Contact contact = sandbox.crm().contact(id).orElseThrow();
            changes.put(id + "|" + contact.property("firstname") + " " + contact.property("lastname"), at);
        }
    }

    /** Waits until the CRM delivered everything and the inbox is drained (at most a minute). */
    private static void settle(Engine engine, Sandbox sandbox) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            var stats = engine.inbox().stats();
            if (sandbox.crm().webhooks().pendingDeliveries() == 0 && stats.pending() + stats.claimed() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        System.out.println("warning: not settled after a minute");
    }

    private static long lastInboxId(Engine engine) {
        long last = 0;
        for (List<InboxEvent> page = engine.inbox().list(InboxQuery.oldest(InboxQuery.MAX_LIMIT)); !page.isEmpty(); ) {
            last = page.getLast().id();
            page = engine.inbox().list(new InboxQuery(null, null, null, null, last, InboxQuery.MAX_LIMIT));
        }
        return last;
    }

    private static void report(Engine engine, Sandbox sandbox, Map<String, Instant> changes, long afterId) throws Exception {
        List<Long> stored = new ArrayList<>();
        for (List<InboxEvent> page = engine.inbox().list(new InboxQuery(null, null, null, null, afterId, InboxQuery.MAX_LIMIT)); !page.isEmpty();
                page = engine.inbox().list(new InboxQuery(null, null, null, null, page.getLast().id(), InboxQuery.MAX_LIMIT))) {
            for (InboxEvent event : page) {
                JsonNode properties = JSON.readTree(event.payload()).path("data").path("properties");
                Instant at = changes.get(event.recordKey() + "|" + properties.path("firstname").asText() + " " + properties.path("lastname").asText());
                if (at != null) {
                    stored.add(Duration.between(at, event.receivedAt()).toNanos() / 1000);
                }
            }
        }
        List<Long> written = new ArrayList<>();
        int unmatched = 0;
        for (LedgerEntry write : sandbox.helpdesk().ledger()) {
            Instant at = changes.get(write.key() + "|" + write.payload().get("name"));
            if (at == null) {
                unmatched++;
            } else {
                written.add(Duration.between(at, write.at()).toNanos() / 1000);
            }
        }
        System.out.printf(Locale.ROOT, "%n%d changes; %d stored in the inbox, %d written to the Helpdesk (%d writes not matched to a change)%n", changes.size(),
                stored.size(), written.size(), unmatched);
        long[] s = stored.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] w = written.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-38s %8s %8s %8s %8s%n", "from the CRM change to", "p50 ms", "p90 ms", "p99 ms", "max ms");
        System.out.printf(Locale.ROOT, "%-38s %8.1f %8.1f %8.1f %8.1f%n", "stored in the inbox (baseline)", pct(s, 0.5), pct(s, 0.9), pct(s, 0.99), pct(s, 1));
        System.out.printf(Locale.ROOT, "%-38s %8.1f %8.1f %8.1f %8.1f%n", "written to the Helpdesk", pct(w, 0.5), pct(w, 0.9), pct(w, 0.99), pct(w, 1));
        System.out.printf(Locale.ROOT, "%-38s %8.2f× %7.2f× %7.2f×%n", "written / stored", pct(w, 0.5) / pct(s, 0.5), pct(w, 0.9) / pct(s, 0.9),
                pct(w, 0.99) / pct(s, 0.99));
        var runs = engine.runs().list("crm-contacts-to-helpdesk", null, 1000);
        System.out.printf(Locale.ROOT, "webhook runs of the sync (newest 1000): %d, %.1f records each on average%n", runs.size(),
                runs.stream().mapToLong(r -> r.counters().read()).average().orElse(0));
    }

    private static double pct(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedMicros.length);
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length, rank) - 1)] / 1000.0;
    }
}
