package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.internal.InboxGauges;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.LoadResult;
import dev.junction.store.InboxStats;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's meters move with real work: a run of the demo sync against the sandbox (its CRM
 * answering some requests with 429) shows up as records by outcome, a run timer, request latency per
 * connection and endpoint, 429s and retries; the JVM and the store's pool are there too.
 */
class MetricsTest {
    private static final String SYNC = DemoEngine.SYNC;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(40).withCrmRateLimit(0));
    }

    private void open(Metrics.Settings settings) {
        engine = DemoEngine.open(dataDir, sandbox, config -> config.withMetrics(settings));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        sandbox.close();
    }

    @Test
    void aRunMovesRecordRunRequestAndRetryMeters() {
        open(Metrics.Settings.DEFAULT);
        sandbox.crm().setFaults(Faults.NONE.withTooManyRequestsRate(0.5).withSeed(3));
        LoadResult definitions = engine.definitions().applied();

        String before = engine.metrics().scrape(null).body();
        assertThat(value(before, "junction_records_total", "outcome=\"inserted\"")).isZero();

        var run = engine.runs().run(definitions, new Runs.Request(SYNC, null, "test", false), RunListener.NONE).run();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        String text = engine.metrics().scrape(null).body();

        assertThat(run.counters().written()).isEqualTo(40);
        assertThat(value(text, "junction_records_total", "sync=\"" + SYNC + "\"", "tenant=\"none\"", "outcome=\"inserted\""))
                .isEqualTo(run.counters().inserted()).isPositive();
        assertThat(value(text, "junction_records_total", "sync=\"" + SYNC + "\"", "tenant=\"none\"", "outcome=\"updated\""))
                .isEqualTo(run.counters().updated());
        assertThat(value(text, "junction_run_duration_seconds_count", "sync=\"" + SYNC + "\"", "trigger=\"test\"", "status=\"succeeded\"")).isEqualTo(1);
        assertThat(value(text, "junction_http_request_duration_seconds_count", "connection=\"crm\"", "endpoint=\"stream:contacts\"", "status=\"2xx\""))
                .isPositive();
        assertThat(value(text, "junction_http_request_duration_seconds_count", "connection=\"helpdesk\"", "endpoint=\"action:upsertUsers\""))
                .isPositive();
        assertThat(value(text, "junction_http_throttled_total", "connection=\"crm\"", "endpoint=\"stream:contacts\"")).isPositive();
        assertThat(value(text, "junction_http_retries_total", "connection=\"crm\"", "endpoint=\"stream:contacts\""))
                .isEqualTo(value(text, "junction_http_throttled_total", "connection=\"crm\"", "endpoint=\"stream:contacts\""));
        assertThat(text).contains("junction_http_request_duration_seconds_bucket{").contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes").contains("process_uptime_seconds").contains("junction_inbox_events{status=\"pending\"}")
                .contains("junction_inbox_oldest_pending_age_seconds");
        assertThat(text).as("the warm-up meters are gone").doesNotContain("junction_warm_up");
        assertThat(text).as("no raw URL in any label").doesNotContain("http://").doesNotContain("/contacts?");
        assertThat(text).as("no secret in any label").doesNotContain(sandbox.crm().token()).doesNotContain(sandbox.helpdesk().apiKey());

        engine.runs().run(definitions, new Runs.Request(SYNC, null, "test", false), RunListener.NONE);
        String again = engine.metrics().scrape(null).body();
        assertThat(value(again, "junction_records_total", "sync=\"" + SYNC + "\"", "outcome=\"unchanged\"")).isEqualTo(40);
        assertThat(value(again, "junction_run_duration_seconds_count", "sync=\"" + SYNC + "\"", "status=\"succeeded\"")).isEqualTo(2);
    }

    @Test
    void withoutTheTenantLabelRecordsAreCountedPerSyncOnly() {
        open(Metrics.Settings.DEFAULT.withTenantLabel(false));
        var run = engine.runs().run(engine.definitions().applied(), new Runs.Request(SYNC, null, "test", false), RunListener.NONE).run();

        String text = engine.metrics().scrape(null).body();

        assertThat(value(text, "junction_records_total", "sync=\"" + SYNC + "\"", "outcome=\"inserted\"")).isEqualTo(run.counters().inserted()).isPositive();
        assertThat(text.lines().filter(l -> l.startsWith("junction_records_total")).toList()).noneMatch(l -> l.contains("tenant="));
    }

    @Test
    void openMetricsIsServedWhenAskedFor() {
        open(Metrics.Settings.DEFAULT);

        Metrics.Scrape open = engine.metrics().scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        Metrics.Scrape plain = engine.metrics().scrape("*/*");

        assertThat(open.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(open.body()).endsWith("# EOF\n");
        assertThat(plain.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(plain.body()).doesNotContain("# EOF");
    }

    @Test
    void inboxGaugesReadTheStoreAtMostOncePerRefresh() {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
        AtomicInteger reads = new AtomicInteger();
        InboxGauges gauges = new InboxGauges(() -> {
            reads.incrementAndGet();
            return new InboxStats(reads.get(), Duration.ofSeconds(90), 0, 0);
        }, clock, Duration.ofSeconds(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        gauges.bindTo(registry);

        double first = registry.get("junction.inbox.events").tag("status", "pending").gauge().value();
        registry.get("junction.inbox.events").tag("status", "dead").gauge().value();
        double age = registry.get("junction.inbox.oldest.pending.age").gauge().value();
        clock.advance(Duration.ofSeconds(4));
        double stillFirst = registry.get("junction.inbox.events").tag("status", "pending").gauge().value();
        clock.advance(Duration.ofSeconds(1));
        double second = registry.get("junction.inbox.events").tag("status", "pending").gauge().value();

        assertThat(List.of(first, stillFirst, second)).containsExactly(1.0, 1.0, 2.0);
        assertThat(age).isEqualTo(90.0);
        assertThat(reads.get()).isEqualTo(2);
    }

    /** The sum of the samples named {@code name} whose labels contain every one of {@code labels}. */
    static double value(String text, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(text);
        double sum = 0;
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            if (Stream.of(labels).allMatch(set::contains)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
