package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.engine.Runs;
import dev.junction.server.Cidr;
import dev.junction.server.ServerConfig;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics}: read with an independent parser of the Prometheus text format, its names,
 * units, suffixes, HELP and TYPE lines follow the conventions, its values move after real runs
 * against the sandbox, and it answers without a token only to the configured networks (or alone on
 * its own port).
 */
class MetricsApiTest {
    @TempDir
    Path dataDir;

    @Test
    void theScrapeFollowsTheTextFormatAndItsValuesMoveAfterRuns() {
        try (ApiFixture api = ApiFixture.start(dataDir)) {
            PrometheusText before = PrometheusText.parse(scrape(api, api.viewer()).body(), false);
            assertThat(before.sum("junction_records_total", Map.of("sync", ApiFixture.TENANT_SYNC))).isZero();

            RunRecord northwind = run(api, ApiFixture.TENANT_SYNC, "northwind");
            RunRecord globex = run(api, ApiFixture.TENANT_SYNC, "globex");
            RunRecord classic = run(api, ApiFixture.CLASSIC_SYNC, null);
            assertThat(api.engine.definitions().apply(java.util.List.of(new dev.junction.spec.SourceText("ping.flow.yaml", """
                    kind: Flow
                    name: ping
                    trigger: { api: {} }
                    steps:
                      - name: check
                        branch: { if: "input.ok = true", else: [ { name: no, fail: { status: 422, message: "= 'not ok'" } } ] }
                      - name: answer
                        respond: { body: { pong: true } }
                    """))).ok()).isTrue();
            for (String body : java.util.List.of("{\"ok\": true}", "{\"ok\": true}", "{\"ok\": false}")) {
                api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/ping")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)), api.editor());
            }

            HttpResponse<String> answer = scrape(api, api.viewer());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            PrometheusText text = PrometheusText.parse(answer.body(), false);
            assertConventions(text, false);

            assertThat(text.sum("junction_records_total", Map.of("sync", ApiFixture.TENANT_SYNC, "tenant", "northwind", "outcome", "inserted"))
                    + text.sum("junction_records_total", Map.of("sync", ApiFixture.TENANT_SYNC, "tenant", "northwind", "outcome", "updated")))
                    .isEqualTo(northwind.counters().written()).isPositive();
            assertThat(text.sum("junction_records_total", Map.of("sync", ApiFixture.TENANT_SYNC, "tenant", "globex", "outcome", "inserted"))
                    + text.sum("junction_records_total", Map.of("sync", ApiFixture.TENANT_SYNC, "tenant", "globex", "outcome", "updated")))
                    .isEqualTo(globex.counters().written()).isPositive();
            assertThat(text.sum("junction_records_total", Map.of("sync", ApiFixture.CLASSIC_SYNC, "tenant", "none")))
                    .isEqualTo(classic.counters().inserted() + classic.counters().updated() + classic.counters().unchanged()
                            + classic.counters().failed() + classic.counters().deleted() + classic.counters().skipped());
            assertThat(text.sum("junction_run_duration_seconds_count", Map.of("sync", ApiFixture.TENANT_SYNC, "status", "succeeded"))).isEqualTo(2);
            assertThat(text.sum("junction_http_request_duration_seconds_count", Map.of("endpoint", "stream:contacts"))).isPositive();
            assertThat(text.sum("junction_flow_executions_total", Map.of("flow", "ping", "status", "succeeded"))).isEqualTo(2);
            assertThat(text.sum("junction_flow_executions_total", Map.of("flow", "ping", "status", "failed"))).isEqualTo(1);
            assertThat(text.sum("junction_flow_execution_duration_seconds_count", Map.of("flow", "ping"))).isEqualTo(3);
            assertThat(text.families).containsKeys("jvm_memory_used_bytes", "process_cpu_usage", "hikaricp_connections_active", "junction_inbox_events",
                    "junction_inbox_oldest_pending_age_seconds");
            assertThat(text.samples).as("no label carries a URL or a record key")
                    .allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.contains("://") || v.contains("?")));
        }
    }

    @Test
    void openMetricsIsServedWhenTheScraperAsksForIt() {
        try (ApiFixture api = ApiFixture.start(dataDir)) {
            run(api, ApiFixture.CLASSIC_SYNC, null);
            HttpResponse<String> answer = api.send(HttpRequest.newBuilder(api.uri("/metrics"))
                    .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").GET(), api.viewer());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            PrometheusText text = PrometheusText.parse(answer.body(), true);
            assertConventions(text, true);
            assertThat(text.sum("junction_records_total", Map.of("sync", ApiFixture.CLASSIC_SYNC))).isPositive();
        }
    }

    @Test
    void withoutATokenOnlyTheAllowedNetworksMayScrape() {
        try (ApiFixture api = ApiFixture.start(dataDir)) {
            HttpResponse<String> anonymous = scrape(api, null);
            HttpResponse<String> tenantToken = scrape(api, api.tenant("northwind", Role.ADMIN));

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("junction_");
            assertThat(tenantToken.statusCode()).as("a tenant token would see every tenant's names").isEqualTo(403);
        }
        ServerConfig loopback = ServerConfig.defaults().withMetrics(ServerConfig.MetricsSettings.DEFAULT.withAllowFrom(List.of(Cidr.parse("127.0.0.0/8"))));
        try (ApiFixture api = ApiFixture.start(dataDir.resolve("allowed"), loopback)) {
            HttpResponse<String> anonymous = scrape(api, null);

            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).contains("# TYPE jvm_memory_used_bytes gauge");
            assertThat(api.get("/api/v1/runs", null).statusCode()).as("the network opens /metrics only").isEqualTo(401);
        }
        ServerConfig elsewhere = ServerConfig.defaults().withMetrics(ServerConfig.MetricsSettings.DEFAULT.withAllowFrom(List.of(Cidr.parse("10.0.0.0/8"))));
        try (ApiFixture api = ApiFixture.start(dataDir.resolve("elsewhere"), elsewhere)) {
            assertThat(scrape(api, null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void onItsOwnPortMetricsAreServedThereAlone() {
        ServerConfig config = ServerConfig.defaults().withMetrics(new ServerConfig.MetricsSettings(List.of(Cidr.parse("127.0.0.1")), 0, true));
        try (ApiFixture api = ApiFixture.start(dataDir, config)) {
            int metricsPort = api.server.metricsPort();
            assertThat(metricsPort).isPositive().isNotEqualTo(api.server.port());
            URI metricsBase = URI.create("http://127.0.0.1:" + metricsPort);

            HttpResponse<String> there = api.send(HttpRequest.newBuilder(metricsBase.resolve("/metrics")).GET(), null);
            HttpResponse<String> onTheApiPort = scrape(api, api.viewer());
            HttpResponse<String> apiOnTheMetricsPort = api.send(HttpRequest.newBuilder(metricsBase.resolve("/api/v1/runs")).GET(), api.viewer());

            assertThat(there.statusCode()).isEqualTo(200);
            assertThat(there.body()).contains("jvm_memory_used_bytes");
            assertThat(onTheApiPort.statusCode()).isEqualTo(404);
            assertThat(apiOnTheMetricsPort.statusCode()).isEqualTo(404);
        }
    }

    private static RunRecord run(ApiFixture api, String sync, String tenant) {
        RunRecord run = api.engine.runs().run(api.engine.definitions().applied(), new Runs.Request(sync, tenant, "test", false), RunListener.NONE).run();
        assertThat(run.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        return run;
    }

    private static HttpResponse<String> scrape(ApiFixture api, String token) {
        return api.get("/metrics", token);
    }

    /** Names, units, suffixes, HELP and TYPE as Prometheus's conventions want them, and histograms that add up. */
    private static void assertConventions(PrometheusText text, boolean openMetrics) {
        assertThat(text.families).isNotEmpty();
        text.families.values().forEach(f -> {
            assertThat(f.type()).as("TYPE of " + f.name()).isNotNull();
            if (f.name().startsWith("junction_")) {
                assertThat(f.help()).as("HELP of " + f.name()).isNotBlank();
                assertThat(f.name()).as("lower snake case").matches("[a-z_]+");
                if (f.name().matches(".*(duration|wait|_age).*")) {
                    assertThat(f.name()).as("a time is in seconds").matches(".*_seconds(_max)?");
                }
            }
            if (f.type().equals("counter")) {
                if (openMetrics) {
                    assertThat(f.samples()).allSatisfy(s -> assertThat(s.name()).matches(".*_(total|created)"));
                } else {
                    assertThat(f.name()).as("a counter's name in the text format").endsWith("_total");
                }
            }
            if (f.type().equals("histogram")) {
                assertHistogram(f);
            }
        });
        assertThat(text.families.keySet()).contains(openMetrics ? "junction_http_request_duration_seconds" : "junction_http_request_duration_seconds");
    }

    private static void assertHistogram(PrometheusText.Family f) {
        Map<Map<String, String>, List<PrometheusText.Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (PrometheusText.Sample s : f.samples()) {
            Map<String, String> series = new TreeMap<>(s.labels());
            if (s.name().equals(f.name() + "_bucket")) {
                assertThat(series).containsKey("le");
                series.remove("le");
                buckets.computeIfAbsent(series, k -> new java.util.ArrayList<>()).add(s);
            } else if (s.name().equals(f.name() + "_count")) {
                counts.put(series, s.value());
            }
        }
        assertThat(buckets).as("buckets of " + f.name()).isNotEmpty();
        buckets.forEach((series, list) -> {
            double previous = 0;
            for (PrometheusText.Sample bucket : list) {
                assertThat(bucket.value()).as("cumulative buckets of " + f.name() + series).isGreaterThanOrEqualTo(previous);
                previous = bucket.value();
            }
            PrometheusText.Sample last = list.getLast();
            assertThat(last.labels().get("le")).isEqualTo("+Inf");
            assertThat(counts.get(series)).as("_count of " + f.name() + series).isEqualTo(last.value());
        });
    }
}
