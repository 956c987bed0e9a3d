package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import dev.junction.trace.Tracing;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans reach an OTLP/HTTP receiver (WireMock in this process, the protobuf decoded with the
 * opentelemetry-proto classes): a run of the demo sync against the sandbox is one trace, its pages,
 * batches and calls below it, with names and counts and no secret.
 */
class TracesTest {
    @TempDir
    Path dataDir;

    private WireMockServer receiver;
    private WireMockServer api;
    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-protobuf")));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (api != null) {
            api.stop();
        }
        receiver.stop();
    }

    private Traces.Settings toReceiver() {
        return Traces.Settings.OFF.withEndpoint(receiver.baseUrl());
    }

    @Test
    void aRunIsOneTraceOfItsPagesBatchesAndCalls() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(40).withCrmRateLimit(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config.withTracing(toReceiver()));

        RunRecord run = engine.runs().run(engine.definitions().applied(), new Runs.Request(DemoEngine.SYNC, null, "test", false), RunListener.NONE)
                .run();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(engine.traces().flush(Duration.ofSeconds(10))).isTrue();

        List<Span> spans = exported();
        Span runSpan = only(spans, "junction.run");
        assertThat(attributes(runSpan)).containsEntry("junction.sync", DemoEngine.SYNC).containsEntry("junction.run.id", run.id())
                .containsEntry("junction.run.trigger", "test").containsEntry("junction.run.status", "succeeded")
                .containsEntry("junction.records.inserted", Long.toString(run.counters().inserted()))
                .containsEntry("junction.records.read", "40");
        assertThat(spans).as("one trace").allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(runSpan.getTraceId()));

        List<Span> pages = named(spans, "junction.page");
        List<Span> batches = named(spans, "junction.batch");
        assertThat(pages).isNotEmpty().allSatisfy(p -> assertThat(p.getParentSpanId()).isEqualTo(runSpan.getSpanId()));
        assertThat(batches).isNotEmpty().allSatisfy(b -> assertThat(b.getParentSpanId()).isEqualTo(runSpan.getSpanId()));
        assertThat(pages.stream().mapToLong(p -> Long.parseLong(attributes(p).get("junction.page.records"))).sum()).isEqualTo(40);
        assertThat(batches.stream().mapToLong(b -> Long.parseLong(attributes(b).get("junction.batch.records"))).sum()).isEqualTo(40);

        List<Span> calls = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
        List<ByteString> pageIds = pages.stream().map(Span::getSpanId).toList();
        List<ByteString> batchIds = batches.stream().map(Span::getSpanId).toList();
        List<Span> reads = calls.stream().filter(c -> "crm".equals(attributes(c).get("junction.connection"))).toList();
        List<Span> writes = calls.stream().filter(c -> "helpdesk".equals(attributes(c).get("junction.connection"))).toList();
        assertThat(reads).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getName()).isEqualTo("GET");
            assertThat(pageIds).contains(c.getParentSpanId());
            assertThat(attributes(c)).containsEntry("junction.operation", "stream:contacts").containsEntry("http.request.method", "GET")
                    .containsEntry("http.response.status_code", "200").containsEntry("server.address", "127.0.0.1")
                    .containsEntry("junction.run.id", run.id());
        });
        assertThat(writes).isNotEmpty().allSatisfy(c -> assertThat(batchIds).contains(c.getParentSpanId()));
        assertThat(calls).as("one span per logged exchange").hasSize(engine.exchanges().find(ExchangeQuery.forRun(run.id())).size());

        String everything = spans.stream().flatMap(s -> attributes(s).values().stream()).collect(Collectors.joining("\n"));
        assertThat(everything).as("no secret in any attribute").doesNotContain(sandbox.crm().token()).doesNotContain(sandbox.helpdesk().apiKey());
        assertThat(resourceNames()).containsOnly("junction");
    }

    @Test
    void aFlowExecutionIsASpanWithOneSpanPerStepAndTheCallsBelowTheirStep() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config.withTracing(toReceiver()));
        assertThat(engine.definitions().apply(List.of(new dev.junction.spec.SourceText("flow.yaml", """
                kind: Flow
                name: contact
                trigger: { api: {} }
                steps:
                  - name: fetch
                    call: { connection: crm, stream: contacts, key: "= input.id" }
                  - name: answer
                    respond: { status: 200, body: "= steps.fetch.output" }
                """))).result().problems()).isEmpty();
        String id = sandbox.crm().changeContacts(1).getFirst();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();

        Flows.Started started = engine.flows().start(new Flows.Request("contact", null, json.readTree("{\"id\":\"" + id + "\"}"), null, null,
                Flows.Trigger.MANUAL));
        assertThat(engine.flows().await(started.execution().id(), Duration.ofSeconds(30)).status())
                .isEqualTo(dev.junction.store.FlowExecutionStatus.SUCCEEDED);
        assertThat(engine.traces().flush(Duration.ofSeconds(10))).isTrue();

        List<Span> spans = exported();
        Span flow = only(spans, "junction.flow");
        assertThat(attributes(flow)).containsEntry("junction.flow", "contact").containsEntry("junction.flow.execution.id", started.execution().id())
                .containsEntry("junction.flow.status", "succeeded");
        List<Span> steps = named(spans, "junction.flow.step");
        assertThat(steps).extracting(s -> attributes(s).get("junction.flow.step") + ":" + attributes(s).get("junction.flow.step.kind"))
                .containsExactlyInAnyOrder("fetch:call", "answer:respond");
        assertThat(steps).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(flow.getSpanId()));
        Span fetch = steps.stream().filter(s -> attributes(s).get("junction.flow.step").equals("fetch")).findFirst().orElseThrow();
        assertThat(named(spans, "GET")).isNotEmpty().allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(fetch.getSpanId()));
    }

    @Test
    void requestsCarryTheirSpansTraceparentOnlyWhenTheConnectorOptsIn() {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get("/items?api_key=key-0a1b2c3d").willReturn(okJson("[]")));
        try (Traces traces = new Traces(toReceiver())) {
            PipelineOptions options = PipelineOptions.builder().tracing(traces.tracing()).build();
            URI uri = URI.create(api.baseUrl() + "/items?api_key=key-0a1b2c3d");
            try (HttpPipeline optedIn = HttpPipeline.builder(options).propagateTrace(true).secretValues(List.of("key-0a1b2c3d")).build();
                    HttpPipeline not = HttpPipeline.builder(options).build()) {
                optedIn.execute(HttpRequest.get(uri), CallContext.of("items-api"));
                not.execute(HttpRequest.get(uri), CallContext.of("items-api"));
            }
            assertThat(traces.flush(Duration.ofSeconds(10))).isTrue();
        }

        List<String> sent = api.getAllServeEvents().reversed().stream().map(e -> e.getRequest().getHeader("traceparent")).toList();
        List<Span> calls = named(exported(), "GET");
        assertThat(calls).hasSize(2);
        Span first = calls.getFirst();
        String ids = "00-" + HexFormat.of().formatHex(first.getTraceId().toByteArray()) + "-" + HexFormat.of().formatHex(first.getSpanId().toByteArray())
                + "-";
        assertThat(sent).hasSize(2);
        assertThat(sent.getFirst()).as("version-trace id-span id of the call's span-flags (sampled)").startsWith(ids)
                .satisfies(header -> assertThat(Integer.parseInt(header.substring(ids.length()), 16) & 1).isEqualTo(1));
        assertThat(sent.get(1)).as("a connector that did not opt in sends nothing of the trace").isNull();
        assertThat(calls).allSatisfy(c -> assertThat(attributes(c).get("url.full")).doesNotContain("key-0a1b2c3d").contains("/items?api_key="));
    }

    @Test
    void withoutAnEndpointNothingIsStartedAndRunsTraceWithTheNoOpTracer() {
        try (Traces traces = new Traces(Traces.Settings.OFF)) {
            assertThat(traces.tracing()).isSameAs(Tracing.off());
            assertThat(traces.tracing().on()).isFalse();
            assertThat(traces.flush(Duration.ofSeconds(1))).isTrue();
        }
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> Traces.Settings.OFF.withEndpoint("collector:4318"))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("tracing.endpoint: expected the http(s) URL of an OTLP/HTTP receiver such as http://otel-collector:4318, was 'collector:4318'");
        assertThat(Traces.Settings.OFF.withEndpoint("http://collector:4318/").endpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(Traces.Settings.OFF.withEndpoint("https://otlp.example.com/v1/traces").endpoint()).isEqualTo("https://otlp.example.com/v1/traces");
    }

    // --- the receiver's side

    private List<ExportTraceServiceRequest> requests() {
        List<ExportTraceServiceRequest> out = new ArrayList<>();
        receiver.getAllServeEvents().forEach(e -> {
            try {
                out.add(ExportTraceServiceRequest.parseFrom(e.getRequest().getBody()));
            } catch (InvalidProtocolBufferException bad) {
                throw new AssertionError("the receiver got something that is not OTLP protobuf", bad);
            }
        });
        return out;
    }

    private List<Span> exported() {
        return requests().stream().flatMap(r -> r.getResourceSpansList().stream()).flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    private List<String> resourceNames() {
        return requests().stream().flatMap(r -> r.getResourceSpansList().stream())
                .map(rs -> rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name")).findFirst()
                        .map(a -> a.getValue().getStringValue()).orElse(null))
                .distinct().toList();
    }

    private static List<Span> named(List<Span> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static Span only(List<Span> spans, String name) {
        List<Span> found = named(spans, name);
        assertThat(found).as(name).hasSize(1);
        return found.getFirst();
    }

    /** Every attribute as text (numbers and booleans too). */
    private static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()), (a, b) -> b));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }
}
