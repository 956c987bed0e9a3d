package dev.junction.bench;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 12's S3 ingest target: signed 1 KB deliveries into the durable inbox, the highest rate with
 * p99 &lt; 200 ms and no errors, against the same server's trivial route ({@code GET /health/live}) in
 * the same run. Target ≥ 3,000 events/s.
 *
 * <p>The whole server as {@code junction serve} builds it ({@link EngineApi} over an {@link Engine}) on
 * an embedded H2 store in a temporary directory, or on the PostgreSQL that {@code JUNCTION_STORE_URL}
 * (with {@code JUNCTION_STORE_USER}/{@code _PASSWORD}) names; the definitions of {@code examples/demo}
 * applied, so the endpoint {@code /hooks/crm} verifies Standard Webhooks and stores one inbox
 * row per event for its one subscriber, the sync {@code crm-contacts-to-helpdesk} (the sandbox plays
 * the CRM and Helpdesk it names). Each step offers a rate in open loop ({@link OpenLoop}: a request due
 * every 1/rate s whatever the answers do, latency from the due time, the JDK {@code HttpClient} on
 * virtual threads, HTTP/1.1): first {@code /health/live} at that rate, then the deliveries, each with
 * a unique event id and a body of about 1 KB, signed before the phase (the signing is the sender's
 * work, not the server's). Steps go up until one misses the target.
 *
 * <p>Processing is kept out of the measurement: with {@code processing=off} (the default) the run
 * queue, and with it the inbox workers, is not started while the steps run, so the events pile up
 * pending; afterwards the queue starts and the scenario reports how fast the one sync drained them.
 * With {@code processing=on} the workers run during the steps (the Helpdesk is in this JVM too).
 *
 * <p>With {@code -Dingest.events=N} (N &gt; 1) each delivery carries N events in a list, as HubSpot sends
 * up to 100 at once: they go to {@code /hooks/batch}, a connection whose connector reads them with
 * {@code events: $.events} (no subscriber: each event is stored once, as ignored), and the rates are
 * deliveries per second, N events each.
 *
 * <pre>java [-Dingest.events=100] -cp junction-bench/target/junction-bench.jar dev.junction.bench.IngestScenario [phaseSeconds=10] [rates=1000,2000,3000,4000,5000,6000] [processing=off] [warmUpSeconds=5]</pre>
 */
public final class IngestScenario {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("bench-webhook-secret-0123456789ab".getBytes(StandardCharsets.US_ASCII));
    private static final double TARGET_P99_MS = 200;
    private static final Path DEMO = Path.of("examples", "demo");
    /** Events per delivery ({@code -Dingest.events}); above 1, the deliveries go to {@link #BATCH}'s endpoint. */
    private static final int EVENTS = Integer.getInteger("ingest.events", 1);
    private static final String BATCH = """
            kind: Connector
            name: batch-hooks
            baseUrl: http://127.0.0.1:9
            secrets: { webhookSecret: {} }
            webhooks:
              verify: { scheme: standard-webhooks, secret: "{{ secrets.webhookSecret }}" }
              events: $.events
              eventId: $.id
              eventType: $.type
              recordKey: $.data.id
            ---
            kind: Connection
            name: batch
            connector: batch-hooks
            secrets: { webhookSecret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            """;

    public static void main(String[] args) throws Exception {
        int phaseSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Integer> rates = args.length > 1 ? Stream.of(args[1].split(",")).map(Integer::parseInt).toList() : List.of(1000, 2000, 3000, 4000, 5000, 6000);
        boolean processing = args.length > 2 && args[2].equals("on");
        int warmUpSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path dir = Files.createTempDirectory("junction-ingest-");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(1000).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0))) {
            Map<String, String> env = demoEnv(sandbox);
            BenchPostgres.startIfAsked(env); // -Djunction.bench.store=postgres: stopped when the JVM exits
            StoreLocation store = StoreLocation.choose(null, env::get, dir);
            System.out.printf(Locale.ROOT, "S3 ingest: store %s, processing %s, phases of %d s, rates %s, %d processors, load %s%n", store.describe(),
                    processing ? "on" : "off (measured after)", phaseSeconds, rates, Runtime.getRuntime().availableProcessors(), Load.average());
            try (Engine engine = Engine.open(new EngineConfig(store, dir, env::get, Clock.systemUTC()))) {
                applyDemo(engine);
                if (processing) {
                    engine.runQueue().start();
                }
                JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
                try {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                    measure(new OpenLoop(client, Duration.ofSeconds(30)), server.baseUrl(), engine, rates, phaseSeconds, warmUpSeconds);
                } finally {
                    server.stop(Duration.ofSeconds(2));
                }
                drain(engine, sandbox, processing);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The demo connections' environment, the webhook secret, a master key, and JUNCTION_STORE_* of this process if set. */
    static Map<String, String> demoEnv(Sandbox sandbox) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("JUNCTION_STORE_")) {
                env.put(k, v);
            }
        });
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("ACME_CRM_WEBHOOK_SECRET", SECRET);
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        return env;
    }

    /** Applies every definition of examples/demo (run from the repository's root). */
    static void applyDemo(Engine engine) throws Exception {
        List<SourceText> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEMO)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(new SourceText(file.toString(), Files.readString(file)));
            }
        }
        if (EVENTS > 1) {
            texts.add(new SourceText("batch-hooks.yaml", BATCH));
        }
        var applied = engine.definitions().apply(texts);
        if (!applied.ok()) {
            throw new IllegalStateException("examples/demo did not apply (run from the repository's root): " + applied.result().problems());
        }
    }

    private static void measure(OpenLoop load, URI base, Engine engine, List<Integer> rates, int phaseSeconds, int warmUpSeconds)
            throws InterruptedException {
        AtomicInteger sequence = new AtomicInteger();
        URI live = base.resolve("/health/live");
        URI hook = base.resolve(EVENTS > 1 ? "/hooks/batch" : "/hooks/crm");
        int warmRate = Math.max(1, 1000 / EVENTS); // about 1,000 events a second, whatever a delivery carries
        OpenLoop.Result warm = load.run(deliveries(hook, sequence, warmRate * warmUpSeconds), warmRate, Duration.ofSeconds(warmUpSeconds));
        load.run(() -> HttpRequest.newBuilder(live).GET().build(), 1000, Duration.ofSeconds(warmUpSeconds));
        System.out.printf(Locale.ROOT, "warm-up: %d deliveries/s of %d event(s), p99 %.2f ms, %d errors%s%n%n", warmRate, EVENTS, warm.percentileMillis(0.99), warm.errors(),
                warm.firstError() == null ? "" : " (first: " + warm.firstError() + ")");
        System.out.printf(Locale.ROOT, "%-7s %-14s %-5s %7s %6s %8s %8s %8s %8s %9s %8s %s%n", "rate/s", "route", "load", "count", "errors", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "send lag", "p99/live", "pending after");
        int best = 0;
        for (int rate : rates) {
            String loadBefore = Load.average();
            OpenLoop.Result trivial = load.run(() -> HttpRequest.newBuilder(live).GET().build(), rate, Duration.ofSeconds(phaseSeconds));
            print(rate, "/health/live", loadBefore, trivial, 1.0, "");
            Supplier<HttpRequest> signed = deliveries(hook, sequence, rate * phaseSeconds);
            loadBefore = Load.average();
            OpenLoop.Result ingest = load.run(signed, rate, Duration.ofSeconds(phaseSeconds));
            InboxStats stats = engine.inbox().stats();
            print(rate, "POST /hooks", loadBefore, ingest, ingest.percentileMillis(0.99) / trivial.percentileMillis(0.99), Long.toString(stats.pending()));
            boolean met = ingest.errors() == 0 && ingest.percentileMillis(0.99) < TARGET_P99_MS;
            if (!met) {
                System.out.printf(Locale.ROOT, "%d/s misses the target (p99 < %.0f ms, no errors)%n", rate, TARGET_P99_MS);
                break;
            }
            best = rate;
        }
        System.out.printf(Locale.ROOT, "%nhighest rate with p99 < %.0f ms and no errors: %d deliveries/s of %d event(s) = %d events/s (target 3,000: %s)%n",
                TARGET_P99_MS, best, EVENTS, best * EVENTS, best * EVENTS >= 3000 ? "met" : "NOT met");
        engine.webhooks().counts().forEach(c -> System.out.printf(Locale.ROOT, "endpoint %s: %d events stored, %d duplicates, refused %s%n",
                c.connection(), c.accepted(), c.duplicates(), c.rejected()));
    }

    private static void print(int rate, String route, String load, OpenLoop.Result r, double ratio, String pending) {
        System.out.printf(Locale.ROOT, "%-7d %-14s %-5s %7d %6d %8.2f %8.2f %8.2f %8.2f %6.2f ms %7.2f× %s%s%n", rate, route, load, r.count(), r.errors(),
                r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99), r.maxMillis(), r.maxSendLagMicros() / 1000.0, ratio, pending,
                r.firstError() == null ? "" : "  first error: " + r.firstError());
    }

    /** {@code n} signed deliveries of distinct events, made now (timestamps stay well within the 5-minute tolerance), handed out in order. */
    static Supplier<HttpRequest> deliveries(URI hook, AtomicInteger sequence, int n) {
        HttpRequest[] requests = new HttpRequest[n];
        String padding = "x".repeat(700);
        Mac mac = mac();
        String now = Long.toString(Instant.now().getEpochSecond());
        for (int i = 0; i < n; i++) {
            int seq = sequence.incrementAndGet();
            String id = "evt_bench_%010d".formatted(seq);
            String contact = "c-%05d".formatted(1 + seq % 1000);
            String body = event(id, contact, seq, padding);
            if (EVENTS > 1) {
                StringBuilder list = new StringBuilder("{\"events\":[").append(body);
                for (int e = 1; e < EVENTS; e++) {
                    int more = sequence.incrementAndGet();
                    String c = "c-%05d".formatted(1 + more % 1000);
                    list.append(',').append(event("evt_bench_%010d".formatted(more), c, more, "x".repeat(100)));
                }
                body = list.append("]}").toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            mac.update((id + "." + now + ".").getBytes(StandardCharsets.UTF_8));
            String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(bytes));
            requests[i] = HttpRequest.newBuilder(hook).header("Content-Type", "application/json").header("webhook-id", id).header("webhook-timestamp", now)
                    .header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        }
        AtomicInteger next = new AtomicInteger();
        return () -> requests[Math.min(next.getAndIncrement(), n - 1)];
    }

    private static String event(String id, String contact, int seq, String padding) {
        return ("{\"id\":\"%s\",\"type\":\"contact.updated\",\"occurredAt\":\"%s\",\"data\":{\"id\":\"%s\",\"properties\":{\"email\":\"%s@example.com\","
                + "\"firstname\":\"Bench\",\"lastname\":\"L%d\",\"tier\":\"gold\",\"notes\":\"%s\"}}}").formatted(id, Instant.now(), contact, contact, seq, padding);
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What processing did: with it off during the steps, starts the queue now and reports how fast the one sync drains the inbox. */
    private static void drain(Engine engine, Sandbox sandbox, boolean processing) throws InterruptedException {
        InboxStats before = engine.inbox().stats();
        System.out.printf(Locale.ROOT, "%ninbox after the steps: %d pending, %d claimed, %d dead; Helpdesk writes so far %d%n", before.pending(), before.claimed(),
                before.dead(), sandbox.helpdesk().ledger().size());
        if (!processing) {
            engine.runQueue().start();
        }
        long began = System.nanoTime();
        long start = before.pending() + before.claimed();
        for (int s = 0; s < 60; s++) {
            Thread.sleep(1000);
            InboxStats now = engine.inbox().stats();
            if (now.pending() + now.claimed() == 0) {
                break;
            }
        }
        InboxStats after = engine.inbox().stats();
        double seconds = (System.nanoTime() - began) / 1e9;
        long processed = start - after.pending() - after.claimed();
        System.out.printf(Locale.ROOT, "processing (the one sync, inbox workers started %s): %d events in %.1f s = %.0f events/s; %d left, %d dead%n",
                processing ? "before the steps" : "after them", processed, seconds, processed / seconds, after.pending() + after.claimed(), after.dead());
    }
}
