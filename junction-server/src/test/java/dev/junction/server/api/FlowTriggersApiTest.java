package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.engine.internal.WebhookSigner;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows and the triggers' machinery over HTTP, with real peers: the sandbox CRM's signed contact
 * webhooks start a flow subscribed to them (as well as the demo sync); an asynchronous call with
 * {@code Junction-Callback} has its result POSTed, signed, to a WireMock receiver; an execution's
 * requests are listed under it.
 */
class FlowTriggersApiTest {
    private static final String FLOWS = """
            kind: Flow
            name: on-contact
            trigger: { webhook: { connection: crm, events: [contact.*] } }
            steps:
              - name: answer
                respond: { body: { type: "= input.event.type", id: "= input.payload.data.id" } }
            ---
            kind: Flow
            name: lookup
            trigger: { api: {} }
            input: { type: object, required: [id], properties: { id: { type: string } } }
            steps:
              - name: contact
                call: { connection: crm, stream: contacts, key: "= input.id" }
              - name: answer
                respond: { body: { email: "= steps.contact.output.properties.email" } }
            """;

    @TempDir
    Path dataDir;
    private ApiFixture api;
    private WireMockServer receiver;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
        assertThat(api.engine.definitions().apply(List.of(new SourceText("flows.yaml", FLOWS))).result().problems()).isEmpty();
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop();
        api.close();
    }

    @Test
    void theCrmsSignedContactWebhooksStartTheFlowSubscribedToThemOncePerEvent() {
        api.engine.runQueue().start();
        api.demo.crm().webhooks().subscribe(api.uri("/hooks/crm"), ApiFixture.DEMO_WEBHOOK_SECRET, List.of("contact.*"));

        List<String> changed = api.demo.crm().changeContacts(3);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.engine.flows().executions("on-contact", 10).stream()
                .filter(FlowExecution::finished).count() == 3);
        List<FlowExecution> executions = api.engine.flows().executions("on-contact", 10);
        assertThat(executions).extracting(FlowExecution::status).containsOnly(FlowExecutionStatus.SUCCEEDED);
        assertThat(executions).extracting(e -> json(e.output()).path("id").asText()).containsExactlyInAnyOrderElementsOf(changed);
        assertThat(executions).allSatisfy(e -> {
            JsonNode input = json(e.input());
            assertThat(input.path("event").path("connection").asText()).isEqualTo("crm");
            assertThat(input.path("event").path("type").asText()).startsWith("contact.");
        });
        assertThat(api.body(api.get("/api/v1/flows/on-contact", api.viewer())).path("triggers").toString()).isEqualTo("[\"webhook\"]");
        JsonNode done = api.body(api.get("/api/v1/inbox?status=done&limit=100", api.viewer()));
        assertThat(done.path("items").valueStream().map(i -> i.path("subscriber").asText())).contains("flow:on-contact");
    }

    @Test
    void anAsyncCallWithACallbackHasItsResultPostedSignedAndItsRequestsListed() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/results/lookup")).willReturn(aResponse().withStatus(200)));
        String secret = api.engine.events().create("http://127.0.0.1:" + receiver.port() + "/results", List.of("run.*"), null, null).secret();
        String contact = api.demo.crm().changeContacts(1).getFirst();
        String callback = "http://127.0.0.1:" + receiver.port() + "/results/lookup?ref=7";

        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/lookup")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").header("Junction-Callback", callback)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + contact + "\"}")), api.editor());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = api.body(response).path("id").asText();
        assertThat(api.engine.flows().await(id, Duration.ofSeconds(30)).status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(api.engine.events().deliverDue()).isEqualTo(1);
        LoggedRequest request = receiver.findAll(postRequestedFor(urlEqualTo("/results/lookup?ref=7"))).getFirst();
        assertThat(request.getHeader("webhook-signature")).isEqualTo(WebhookSigner.header(request.getHeader("webhook-id"),
                Long.parseLong(request.getHeader("webhook-timestamp")), request.getBodyAsString().getBytes(StandardCharsets.UTF_8), secret));
        JsonNode data = json(request.getBodyAsString()).path("data");
        assertThat(data.path("executionId").asText()).isEqualTo(id);
        assertThat(data.path("output").path("email").asText()).isEqualTo(api.demo.crm().contact(contact).orElseThrow().property("email"));

        JsonNode exchanges = api.body(api.get("/api/v1/flow-executions/" + id + "/exchanges", api.viewer()));
        assertThat(exchanges.path("items").size()).isEqualTo(1);
        assertThat(exchanges.path("items").get(0).path("run").asText()).isEqualTo("flow:" + id);
        assertThat(exchanges.path("items").get(0).path("url").asText()).contains(contact);
        assertThat(api.get("/api/v1/flow-executions/" + id + "/exchanges", api.tenant("globex", dev.junction.engine.Role.VIEWER)).statusCode())
                .as("another tenant's execution").isEqualTo(404);
    }

    @Test
    void aCallbackBelowNoEventSubscriptionIsA400AndNothingRuns() {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/lookup?callback=https://elsewhere.example/x"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"c-1\"}")), api.editor());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.body(response).path("detail").asText()).contains("lies below the URL of none of the active event subscriptions");
        assertThat(api.engine.flows().executions("lookup", 10)).isEmpty();
    }

    private JsonNode json(String text) {
        try {
            return api.json.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
