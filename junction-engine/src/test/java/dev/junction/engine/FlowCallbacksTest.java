package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.spec.SourceText;
import dev.junction.store.EventDelivery;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks of flow executions, with WireMock as the receiver: the result arrives at the callback
 * URL once the execution ends, signed with the secret of the event subscription the URL lies below
 * (checked with the independent Standard Webhooks verifier), retried like any delivery; a URL below
 * no subscription is refused before anything is stored.
 */
class FlowCallbacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = """
            kind: Flow
            name: greet
            trigger: { api: {} }
            input: { type: object, required: [name], properties: { name: { type: string } } }
            steps:
              - name: check
                branch:
                  if: "input.name = 'nobody'"
                  then:
                    - name: refuse
                      fail: { status: 422, message: "= 'no greeting for ' & input.name" }
              - name: answer
                respond: { status: 201, body: { greeting: "= 'hello ' & input.name" } }
            """;

    @TempDir
    Path dataDir;

    private WireMockServer receiver;
    private Engine engine;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, Map.<String, String>of()::get, java.time.Clock.systemUTC()));
        assertThat(engine.definitions().apply(List.of(new SourceText("greet.flow.yaml", FLOW))).result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        engine.close();
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private FlowExecution run(String name, String callback) throws Exception {
        String input = "{\"name\": \"" + name + "\"}";
        Flows.Started started = engine.flows().start(new Flows.Request("greet", null, JSON.readTree(input), null, input, Flows.Trigger.API, callback));
        return engine.flows().await(started.execution().id(), Duration.ofSeconds(30));
    }

    @Test
    void theResultIsPostedToTheCallbackUrlSignedWithTheSecretOfTheSubscriptionItLiesBelow() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hooks/flows")).willReturn(aResponse().withStatus(204)));
        String secret = engine.events().create(url("/hooks"), List.of("run.*"), null, "flow results").secret();

        FlowExecution done = run("Ada", url("/hooks/flows?order=o-1"));

        assertThat(done.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(engine.events().deliverDue()).isEqualTo(1);
        LoggedRequest request = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/flows?order=o-1"))).getFirst();
        assertThat(request.getHeader("webhook-id")).isEqualTo(FlowCallbacks.deliveryId(done.id()));
        assertThat(new StandardWebhooksVerifier(secret).verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getHeader("webhook-signature"), request.getBodyAsString(), Long.parseLong(request.getHeader("webhook-timestamp")), 300))
                .isTrue();
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.path("type").asText()).isEqualTo("flow.execution.ended");
        assertThat(body.path("data").path("executionId").asText()).isEqualTo(done.id());
        assertThat(body.path("data").path("status").asText()).isEqualTo("succeeded");
        assertThat(body.path("data").path("responseStatus").asInt()).isEqualTo(201);
        assertThat(body.path("data").path("output")).isEqualTo(JSON.createObjectNode().put("greeting", "hello Ada"));
        assertThat(engine.events().deliverDue()).as("delivered once").isZero();
    }

    @Test
    void aFailedExecutionsCallbackCarriesItsErrorAndAFailedAttemptIsRetried() throws Exception {
        receiver.stubFor(post(urlEqualTo("/hooks/flows")).willReturn(aResponse().withStatus(503)));
        var subscription = engine.events().create(url("/hooks"), List.of("run.*"), null, null).subscription();

        FlowExecution done = run("nobody", url("/hooks/flows"));

        assertThat(done.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(engine.events().deliverDue()).isEqualTo(1);
        EventDelivery delivery = engine.events().deliveries(subscription.id(), null, 10).getFirst();
        assertThat(delivery.status()).isEqualTo(EventDelivery.Status.FAILED);
        assertThat(delivery.nextAttemptAt()).as("due again").isNotNull();
        assertThat(delivery.url()).isEqualTo(url("/hooks/flows"));
        JsonNode body = JSON.readTree(receiver.findAll(postRequestedFor(urlEqualTo("/hooks/flows"))).getFirst().getBodyAsString());
        assertThat(body.path("data").path("status").asText()).isEqualTo("failed");
        assertThat(body.path("data").path("responseStatus").asInt()).isEqualTo(422);
        assertThat(body.path("data").path("error").asText()).contains("no greeting for nobody");
    }

    @Test
    void aCallbackBelowNoActiveSubscriptionIsRefusedBeforeAnythingIsStored() throws Exception {
        engine.events().create(url("/hooks"), List.of("run.*"), null, null);
        engine.events().create("https://hooks.northwind.example/flows", List.of("run.*"), "northwind", null);
        JsonNode input = JSON.readTree("{\"name\": \"Ada\"}");

        for (String callback : List.of(url("/hooksmith"), url("/other"), "https://hooks.northwind.example/flows/x")) {
            assertThatThrownBy(() -> engine.flows().start(new Flows.Request("greet", null, input, null, null, Flows.Trigger.API, callback)))
                    .as(callback).isInstanceOf(EngineException.Invalid.class)
                    .hasMessage("callback: '" + callback + "' lies below the URL of none of the active event subscriptions of the operator;"
                            + " create one whose URL the callback URL starts with (POST /api/v1/event-subscriptions): its secret signs the callback");
        }
        assertThatThrownBy(() -> engine.flows().start(new Flows.Request("greet", null, input, null, null, Flows.Trigger.API, "ftp://example.com/x")))
                .isInstanceOf(EngineException.Invalid.class).hasMessageStartingWith("callback: 'ftp://example.com/x' must be an http or https URL");
        assertThat(engine.flows().executions("greet", 10)).isEmpty();
        assertThat(engine.flows().start(new Flows.Request("greet", "northwind", input, null, null, Flows.Trigger.API,
                "https://hooks.northwind.example/flows/x")).execution().tenant()).as("the tenant's own subscription signs it").isEqualTo("northwind");
    }

    @Test
    void aUrlLiesBelowABaseOnlyAtAPathOrQueryBoundary() {
        assertThat(FlowCallbacks.below("https://a.example/hooks", "https://a.example/hooks")).isTrue();
        assertThat(FlowCallbacks.below("https://a.example/hooks/x", "https://a.example/hooks")).isTrue();
        assertThat(FlowCallbacks.below("https://a.example/hooks?x=1", "https://a.example/hooks")).isTrue();
        assertThat(FlowCallbacks.below("https://a.example/hooks/x", "https://a.example/")).isTrue();
        assertThat(FlowCallbacks.below("https://a.example/hooksmith", "https://a.example/hooks")).isFalse();
        assertThat(FlowCallbacks.below("https://a.example.evil/hooks", "https://a.example")).isFalse();
    }
}
