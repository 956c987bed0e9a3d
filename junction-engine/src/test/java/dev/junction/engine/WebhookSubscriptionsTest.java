package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.ManagedConnections.NewConnection;
import dev.junction.spec.SourceText;
import dev.junction.store.ExchangeQuery;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's webhook at its provider: registered on request (a YAML connection's, which nothing
 * registers by itself, or again), removed on request, and its signing key taken from what the
 * register action answered (Square's subscription {@code signature_key}) — against a WireMock provider.
 */
class WebhookSubscriptionsTest {
    private static final URI HOOKS = URI.create("https://junction.example.com/hooks");
    private static final String SIGNATURE_KEY = "sq0wss-kept-encrypted";

    /** A Square-shaped connector: the subscription's answer carries the key its deliveries are signed with. */
    private static final String SQUARE = """
            kind: Connector
            name: square
            config: { baseUrl: { type: string } }
            secrets: { accessToken: {} }
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.accessToken }}" }
            retry: { maxAttempts: 1 }
            actions:
              createSubscription:
                request: { method: POST, path: /v2/webhooks/subscriptions, body: "{ 'subscription': { 'notification_url': $record.url } }" }
              deleteSubscription:
                request: { method: DELETE, path: "/v2/webhooks/subscriptions/{{ record.registration.subscription.id }}" }
            webhooks:
              verify: { scheme: hmac, header: X-Sig, encoding: base64, secret: "{{ registration.subscription.signature_key }}" }
              eventId: $.event_id
              register: createSubscription
              unregister: deleteSubscription
            """;

    @TempDir
    Path dataDir;

    private WireMockServer provider;
    private Engine engine;

    @BeforeEach
    void start() {
        provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        answerSubscriptions("{\"subscription\": {\"id\": \"wbhk_1\", \"signature_key\": \"" + SIGNATURE_KEY + "\"}}");
        provider.stubFor(delete("/v2/webhooks/subscriptions/wbhk_1").willReturn(aResponse().withStatus(200).withBody("{}")));
        // the provider is on 127.0.0.1 only because the operator allows private addresses
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get)
                .withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        assertThat(engine.definitions().apply(List.of(new SourceText("square.yaml", SQUARE))).ok()).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
        provider.stop();
    }

    private void answerSubscriptions(String body) {
        provider.stubFor(post("/v2/webhooks/subscriptions").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    private WebhookSubscriptions subscriptions() {
        return engine.managedConnections().webhooks();
    }

    private void applyYamlConnection(String name) {
        Path token = dataDir.resolve("square-token");
        try {
            java.nio.file.Files.writeString(token, "sq-access-from-a-file");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var applied = engine.definitions().apply(List.of(new SourceText(name + ".yaml", """
                kind: Connection
                name: %s
                connector: square
                config: { baseUrl: "%s" }
                secrets: { accessToken: "${file:%s}" }
                """.formatted(name, provider.baseUrl(), token))));
        assertThat(applied.ok()).as(applied.result().problems().toString()).isTrue();
    }

    @Test
    void aYamlConnectionIsRegisteredOnRequestOnceThenAgainOnlyWhenAskedAndUnregisteredWithItsKeptAnswer() {
        applyYamlConnection("square-yaml");
        assertThat(subscriptions().registered("square-yaml")).isFalse();

        var registered = subscriptions().register("square-yaml", null, HOOKS, false);

        assertThat(registered.ok()).as(registered.error()).isTrue();
        assertThat(registered.url()).isEqualTo("https://junction.example.com/hooks/square-yaml");
        provider.verify(postRequestedFor(urlEqualTo("/v2/webhooks/subscriptions"))
                .withRequestBody(equalToJson("{\"subscription\": {\"notification_url\": \"https://junction.example.com/hooks/square-yaml\"}}")));
        assertThat(subscriptions().registered("square-yaml")).isTrue();
        assertThatThrownBy(() -> subscriptions().register("square-yaml", null, HOOKS, false)).isInstanceOf(EngineException.Conflict.class)
                .hasMessageContaining("has a registration kept already");
        assertThat(subscriptions().register("square-yaml", null, HOOKS, true).ok()).isTrue();
        provider.verify(2, postRequestedFor(urlEqualTo("/v2/webhooks/subscriptions")));

        var removed = subscriptions().unregister("square-yaml", null, HOOKS);

        assertThat(removed.ok()).as(removed.error()).isTrue();
        provider.verify(deleteRequestedFor(urlEqualTo("/v2/webhooks/subscriptions/wbhk_1")));
        assertThat(subscriptions().registered("square-yaml")).isFalse();
    }

    @Test
    void refusesWhatCannotBeRegisteredAndKeepsNothingOfAFailedCall() {
        applyYamlConnection("square-yaml");
        assertThatThrownBy(() -> subscriptions().register("nope", null, HOOKS, false)).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> subscriptions().register("square-yaml", "another-tenant", HOOKS, false))
                .isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> subscriptions().register("square-yaml", null, null, false)).isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("publicBaseUrl");
        provider.stubFor(post("/v2/webhooks/subscriptions").willReturn(aResponse().withStatus(400).withBody("{\"errors\": [{\"code\": \"BAD_REQUEST\"}]}")));

        var failed = subscriptions().register("square-yaml", null, HOOKS, false);

        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).isNotBlank();
        assertThat(subscriptions().registered("square-yaml")).isFalse();
    }

    @Test
    void aWebhookSecretMayComeFromTheRegistrationAsSquaresSubscriptionSignatureKeyDoes() throws Exception {
        engine.managedConnections().create(new NewConnection("square-1", "square", "northwind", null, Map.of("baseUrl", provider.baseUrl()),
                Map.of("accessToken", "sq-access")), "tok", HOOKS);
        byte[] body = "{\"event_id\": \"ev-1\", \"type\": \"payment.updated\"}".getBytes(StandardCharsets.UTF_8);

        var accepted = engine.webhooks().check("square-1", delivery(body, sign(SIGNATURE_KEY, body))).result();
        var forged = engine.webhooks().check("square-1", delivery(body, sign("another-key", body))).result();

        assertThat(accepted).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(forged).isInstanceOf(WebhookResult.Rejected.class);
        assertThat(engine.exchanges().find(ExchangeQuery.newest(10))).as("the register answer in the exchange log")
                .isNotEmpty().allSatisfy(e -> assertThat(String.valueOf(e.responseBody())).doesNotContain(SIGNATURE_KEY));
    }

    @Test
    void withoutAKeptRegistrationOrItsFieldDeliveriesAreToBeSentAgainLater() throws Exception {
        answerSubscriptions("{\"subscription\": {\"id\": \"wbhk_2\"}}");
        engine.managedConnections().create(new NewConnection("square-2", "square", "northwind", null, Map.of("baseUrl", provider.baseUrl()),
                Map.of("accessToken", "sq-access")), "tok", HOOKS);
        applyYamlConnection("square-yaml");
        byte[] body = "{\"event_id\": \"ev-1\"}".getBytes(StandardCharsets.UTF_8);

        for (String unusable : List.of("square-2", "square-yaml")) {
            assertThatThrownBy(() -> engine.webhooks().check(unusable, delivery(body, sign(SIGNATURE_KEY, body))))
                    .as(unusable).isInstanceOf(Webhooks.NotReady.class).hasMessageContaining("deliver again later");
        }

        answerSubscriptions("{\"subscription\": {\"id\": \"wbhk_3\", \"signature_key\": \"" + SIGNATURE_KEY + "\"}}");
        assertThat(subscriptions().register("square-yaml", null, HOOKS, false).ok()).isTrue();
        assertThat(engine.webhooks().check("square-yaml", delivery(body, sign(SIGNATURE_KEY, body))).result())
                .as("registered on request, a YAML connection verifies with the answered key").isInstanceOf(WebhookResult.Accepted.class);
    }

    @Test
    void aProviderToldTheSigningSecretGetsTheConnectionsOwnAndTheExchangeLogNeverShowsIt() throws Exception {
        java.nio.file.Files.writeString(dataDir.resolve("hook-secret"), "gh-webhook-secret-42");
        provider.stubFor(post("/repos/acme/app/hooks").willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"Validation Failed\"}")));
        var applied = engine.definitions().apply(List.of(new SourceText("github.yaml", """
                kind: Connector
                name: gh
                config: { baseUrl: { type: string }, repo: { type: string } }
                secrets: { webhookSecret: {} }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                actions:
                  createHook:
                    request:
                      method: POST
                      path: /repos/acme/app/hooks
                      body: "{ 'name': 'web', 'config': { 'url': $record.url, 'content_type': 'json', 'secret': $record.secret }, 'repo': $record.config.repo }"
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.webhookSecret }}" }
                  register: createHook
                ---
                kind: Connection
                name: gh-app
                connector: gh
                config: { baseUrl: "%s", repo: acme/app }
                secrets: { webhookSecret: "${file:%s}" }
                """.formatted(provider.baseUrl(), dataDir.resolve("hook-secret")))));
        assertThat(applied.ok()).as(applied.result().problems().toString()).isTrue();

        var refused = subscriptions().register("gh-app", null, HOOKS, false);

        assertThat(refused.ok()).isFalse();
        provider.verify(postRequestedFor(urlEqualTo("/repos/acme/app/hooks")).withRequestBody(equalToJson("""
                {"name": "web", "config": {"url": "https://junction.example.com/hooks/gh-app", "content_type": "json",
                 "secret": "gh-webhook-secret-42"}, "repo": "acme/app"}""")));
        assertThat(engine.exchanges().find(ExchangeQuery.newest(10))).as("a failed call is kept in full, its secret redacted").singleElement()
                .satisfies(e -> assertThat(e.requestBody()).contains("\"secret\":\"[redacted]\"").doesNotContain("gh-webhook-secret-42"));
    }

    private static WebhookDelivery delivery(byte[] body, String signature) {
        return new WebhookDelivery("POST", Map.of("X-Sig", List.of(signature)), Map.of(), body, Instant.now());
    }

    private static String sign(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
