package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked examples of docs/flows.md as they are in examples/flows: deal-to-order
 * (lookup-or-create) against an ERP played by WireMock, welcome-users (forEach) against the
 * sandbox's Helpdesk.
 */
class FlowExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "flows");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private WireMockServer erp;
    private Engine engine;

    @BeforeEach
    void start() throws IOException {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(2).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0));
        erp = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        erp.start();
        Map<String, String> env = new java.util.HashMap<>(DemoEngine.environment(sandbox));
        env.put("ERP_URL", erp.baseUrl());
        env.put("ERP_API_KEY", "erp-key-1");
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get));
        List<SourceText> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.sorted().toList()) {
                texts.add(new SourceText(file.toString(), Files.readString(file)));
            }
        }
        assertThat(engine.definitions().apply(texts).result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        engine.close();
        erp.stop();
        sandbox.close();
    }

    private FlowExecution run(String flow, String input) throws Exception {
        Flows.Started started = engine.flows().start(new Flows.Request(flow, null, JSON.readTree(input), null, input, Flows.Trigger.API));
        return engine.flows().await(started.execution().id(), Duration.ofSeconds(30));
    }

    @Test
    void dealToOrderCreatesTheCustomerOnlyWhenTheLookupFindsNone() throws Exception {
        erp.stubFor(get(urlPathEqualTo("/v1/customers")).withHeader("X-Api-Key", equalTo("erp-key-1"))
                .willReturn(okJson("{\"data\": [{\"id\": \"cus-7\", \"email\": \"grace@example.com\", \"name\": \"Grace\"}]}")));
        erp.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"cus-9\", \"email\": \"ada@example.com\"}")));
        erp.stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"ord-1\"}")));

        FlowExecution known = run("deal-to-order", "{\"dealId\": \"d-1\", \"amount\": 120.5, \"customer\": {\"email\": \"Grace@example.com\","
                + " \"name\": \"Grace\"}}");
        FlowExecution fresh = run("deal-to-order", "{\"dealId\": \"d-2\", \"amount\": 99, \"currency\": \"USD\", \"customer\": {\"email\":"
                + " \"ada@example.com\", \"name\": \"Ada\"}}");

        assertThat(known.status()).as(known.error()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(known.responseStatus()).isEqualTo(201);
        assertThat(JSON.readTree(known.output())).isEqualTo(JSON.readTree("{\"order\": \"ord-1\", \"customer\": \"cus-7\", \"customerCreated\": false}"));
        assertThat(JSON.readTree(fresh.output())).isEqualTo(JSON.readTree("{\"order\": \"ord-1\", \"customer\": \"cus-9\", \"customerCreated\": true}"));
        erp.verify(1, postRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Idempotency-Key", equalTo(fresh.id() + ":created"))
                .withRequestBody(equalToJson("{\"email\": \"ada@example.com\", \"name\": \"Ada\"}")));
        erp.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")).withRequestBody(equalToJson(
                "{\"customer_id\": \"cus-7\", \"external_ref\": \"deal-d-1\", \"amount\": 120.5, \"currency\": \"EUR\"}")));
        erp.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")).withHeader("Idempotency-Key", equalTo(fresh.id() + ":order"))
                .withRequestBody(equalToJson("{\"customer_id\": \"cus-9\", \"external_ref\": \"deal-d-2\", \"amount\": 99, \"currency\": \"USD\"}")));
    }

    @Test
    void welcomeUsersWritesEachPersonOnceAndAnswersEachOnesResult() throws Exception {
        FlowExecution done = run("welcome-users", "{\"people\": [{\"ref\": \"w-1\", \"email\": \"A@example.com\", \"name\": \"A\"},"
                + " {\"ref\": \"w-2\", \"email\": \"b@example.com\", \"name\": \"B\"}, {\"ref\": \"w-3\", \"email\": \"c@example.com\", \"name\": \"C\"}]}");

        assertThat(done.status()).as(done.error()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output()).path("results")).isEqualTo(JSON.readTree("""
                [{"index": 0, "status": "succeeded", "helpdesk": "created"}, {"index": 1, "status": "succeeded", "helpdesk": "created"},
                 {"index": 2, "status": "succeeded", "helpdesk": "created"}]"""));
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsOnlyKeys("w-1", "w-2", "w-3").allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(sandbox.helpdesk().userByExternalId("w-1")).hasValueSatisfying(u -> assertThat(u.email()).isEqualTo("a@example.com"));
    }

    @Test
    void welcomeUsersAnswersWhichPeopleTheHelpdeskRefusedAndWritesTheOthers() throws Exception {
        FlowExecution done = run("welcome-users", "{\"people\": [{\"ref\": \"w-1\", \"email\": \"a@example.com\", \"name\": \"A\"},"
                + " {\"ref\": \"w-2\", \"email\": \"no-at-sign\", \"name\": \"B\"}]}");

        assertThat(done.status()).as(done.error()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        var results = JSON.readTree(done.output()).path("results");
        assertThat(results.get(0)).isEqualTo(JSON.readTree("{\"index\": 0, \"status\": \"succeeded\", \"helpdesk\": \"created\"}"));
        assertThat(results.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(results.get(1).path("error").asText()).contains("email is required and must contain @");
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsOnlyKeys("w-1");
    }

    @Test
    void aLookupFailsClearlyPastItsScanBoundAndWhenTwoRecordsMatch() throws Exception {
        for (int page = 0; page <= 100; page++) {
            StringBuilder data = new StringBuilder("{\"data\": [");
            for (int i = 0; i < 100; i++) {
                data.append(i == 0 ? "" : ",").append("{\"id\": \"c-").append(page * 100 + i).append("\", \"email\": \"c").append(page * 100 + i)
                        .append("@example.com\"}");
            }
            erp.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("offset", equalTo(Integer.toString(page * 100)))
                    .willReturn(okJson(data.append("]}").toString())));
        }
        String deal = "{\"dealId\": \"d-1\", \"amount\": 1, \"customer\": {\"email\": \"nobody@example.com\", \"name\": \"N\"}}";

        FlowExecution tooLarge = run("deal-to-order", deal);
        erp.resetAll();
        erp.stubFor(get(urlPathEqualTo("/v1/customers")).willReturn(okJson("{\"data\": [{\"id\": \"c-1\", \"email\": \"twice@example.com\"},"
                + " {\"id\": \"c-2\", \"email\": \"twice@example.com\"}]}")));
        FlowExecution twice = run("deal-to-order", deal.replace("nobody", "twice"));

        assertThat(tooLarge.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(tooLarge.responseStatus()).isEqualTo(502);
        assertThat(tooLarge.error()).isEqualTo("step 'found': stream 'customers' of connection 'erp' has more than 100 pages; a lookup scans"
                + " at most 10000 records in 100 pages (look up in a smaller stream, or read the record by its key with call: { stream, key })");
        assertThat(twice.error()).isEqualTo("step 'found': 2 records of stream 'customers' have email 'twice@example.com'; a lookup must find at"
                + " most one");
        erp.verify(0, postRequestedFor(urlPathEqualTo("/v1/customers")));
    }
}
