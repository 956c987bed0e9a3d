package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.spec.SourceText;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook that expires at its provider renewed before it does (Microsoft Graph's subscriptions last
 * three days): the connector's renew action runs every renewEvery for each kept registration, with the
 * registration as the record; its answer joins the registration; a failed renewal is tried again
 * after five minutes. On a test clock, against a WireMock playing Graph.
 */
class WebhookRenewalTest {
    private static final URI HOOKS = URI.create("https://junction.example.com/hooks");

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private WireMockServer graph;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        graph = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        graph.start();
        graph.stubFor(post("/v1.0/subscriptions").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"sub-1\", \"expirationDateTime\": \"2026-12-10T10:00:00Z\"}")));
        graph.stubFor(patch(urlEqualTo("/v1.0/subscriptions/sub-1")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"sub-1\", \"expirationDateTime\": \"2026-12-12T10:00:00Z\"}")));
        Files.writeString(dataDir.resolve("client-state"), "secretClientValue");
        Map<String, String> env = new HashMap<>();
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, clock));
        var applied = engine.definitions().apply(List.of(new SourceText("graph.yaml", """
                kind: Connector
                name: graph
                config: { baseUrl: { type: string } }
                secrets: { clientState: {} }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                actions:
                  createSubscription:
                    request:
                      method: POST
                      path: /v1.0/subscriptions
                      body: "{ 'changeType': 'created', 'notificationUrl': $record.url, 'clientState': $record.secret }"
                  renewSubscription:
                    request:
                      method: PATCH
                      path: "/v1.0/subscriptions/{{ record.registration.id }}"
                      body: "{ 'was': $record.registration.expirationDateTime, 'url': $record.url, 'expirationDateTime': $fromMillis($millis() + 2.5 * 86400000) }"
                webhooks:
                  verify: { scheme: msgraph, secret: "{{ secrets.clientState }}" }
                  register: createSubscription
                  renew: renewSubscription
                  renewEvery: 2d
                ---
                kind: Connection
                name: graph-mail
                connector: graph
                config: { baseUrl: "%s" }
                secrets: { clientState: "${file:%s}" }
                """.formatted(graph.baseUrl(), dataDir.resolve("client-state")))));
        assertThat(applied.ok()).as(applied.result().problems().toString()).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
        graph.stop();
    }

    private WebhookSubscriptions subscriptions() {
        return engine.managedConnections().webhooks();
    }

    @Test
    void renewsEachKeptRegistrationWhenItIsDueWithTheRegistrationAndKeepsWhatTheRenewalAnswered() {
        assertThat(subscriptions().renewDue()).as("nothing registered yet").isZero();
        assertThat(subscriptions().register("graph-mail", null, HOOKS, false).ok()).isTrue();
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/subscriptions")).withRequestBody(equalToJson(
                "{\"changeType\": \"created\", \"notificationUrl\": \"https://junction.example.com/hooks/graph-mail\", \"clientState\": \"secretClientValue\"}")));

        clock.advance(Duration.ofDays(2).minusMinutes(1));
        assertThat(subscriptions().renewDue()).as("not due before renewEvery").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(subscriptions().renewDue()).isEqualTo(1);
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-1")).withRequestBody(equalToJson(
                "{\"was\": \"2026-12-10T10:00:00Z\", \"url\": \"https://junction.example.com/hooks/graph-mail\"}", true, true))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.expirationDateTime",
                        com.github.tomakehurst.wiremock.client.WireMock.matching("20\\d\\d-\\d\\d-\\d\\dT.*Z"))));
        assertThat(subscriptions().renewDue()).as("renewed: due again in two days").isZero();

        clock.advance(Duration.ofDays(2));
        assertThat(subscriptions().renewDue()).isEqualTo(1);
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-1")).withRequestBody(equalToJson(
                "{\"was\": \"2026-12-12T10:00:00Z\", \"url\": \"https://junction.example.com/hooks/graph-mail\"}", true, true)));
    }

    /**
     * Graph's lifecycle notifications (its documentation's bodies) on the same endpoint: reauthorizationRequired
     * has the subscription renewed at the next pass, long before renewEvery; subscriptionRemoved drops the kept
     * registration (it is no longer renewed) and has the webhook registered again at the next pass, at the same
     * address, the new subscription renewed from then. Each is an event too, typed by its lifecycleEvent.
     */
    @Test
    void graphsLifecycleNotificationsHaveTheSubscriptionRenewedAtOnceOrRegisteredAgain() {
        assertThat(subscriptions().register("graph-mail", null, HOOKS, false).ok()).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(subscriptions().renewDue()).as("renewEvery is two days").isZero();

        List<Webhooks.Received> received = notify("reauthorizationRequired");
        assertThat(received).singleElement().satisfies(r -> assertThat(r.duplicate()).isFalse());
        assertThat(subscriptions().renewDue()).as("asked for by Graph").isEqualTo(1);
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-1")));
        assertThat(subscriptions().renewDue()).as("renewed: due again in two days").isZero();

        notify("missed");
        assertThat(subscriptions().renewDue()).as("a missed notification asks for no renewal").isZero();

        notify("subscriptionRemoved");
        assertThat(subscriptions().status("graph-mail").registered()).as("the removed subscription is forgotten").isFalse();
        graph.stubFor(post("/v1.0/subscriptions").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"sub-2\", \"expirationDateTime\": \"2026-12-10T11:00:00Z\"}")));
        graph.stubFor(patch(urlEqualTo("/v1.0/subscriptions/sub-2")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"sub-2\"}")));
        assertThat(subscriptions().renewDue()).as("registered again at the next pass").isEqualTo(1);
        graph.verify(2, postRequestedFor(urlEqualTo("/v1.0/subscriptions")).withRequestBody(equalToJson(
                "{\"changeType\": \"created\", \"notificationUrl\": \"https://junction.example.com/hooks/graph-mail\", \"clientState\": \"secretClientValue\"}")));
        assertThat(subscriptions().status("graph-mail").registered()).isTrue();
        assertThat(subscriptions().renewDue()).as("registered once").isZero();

        clock.advance(Duration.ofDays(2));
        assertThat(subscriptions().renewDue()).as("the new subscription is renewed").isEqualTo(1);
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-2")));
        graph.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-1")));
    }

    @Test
    void aRemovedSubscriptionThatCannotBeRegisteredAgainIsTriedAfterFiveMinutes() {
        assertThat(subscriptions().register("graph-mail", null, HOOKS, false).ok()).isTrue();
        notify("subscriptionRemoved");
        graph.stubFor(post("/v1.0/subscriptions").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"ExtensionError\", \"message\": \"Operation: Create; Exception: [Status Code: Forbidden]\"}}")));

        assertThat(subscriptions().renewDue()).isEqualTo(1);
        assertThat(subscriptions().status("graph-mail").registered()).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(subscriptions().renewDue()).as("not before five minutes").isZero();
        graph.stubFor(post("/v1.0/subscriptions").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"sub-3\"}")));
        clock.advance(Duration.ofMinutes(1));
        assertThat(subscriptions().renewDue()).isEqualTo(1);
        assertThat(subscriptions().status("graph-mail").registered()).isTrue();
        graph.verify(3, postRequestedFor(urlEqualTo("/v1.0/subscriptions")));
    }

    private List<Webhooks.Received> notify(String lifecycleEvent) {
        String body = """
                {"value": [{"subscriptionId": "sub-1", "subscriptionExpirationDateTime": "2026-12-10T10:00:00Z", "tenantId": "bb8775a4",
                  "clientState": "secretClientValue", "lifecycleEvent": "%s"}]}""".formatted(lifecycleEvent);
        Webhooks.Checked checked = engine.webhooks().check("graph-mail", dev.junction.webhook.WebhookDelivery.post(Map.of(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), clock.instant()));
        assertThat(checked.result()).isInstanceOfSatisfying(dev.junction.webhook.WebhookResult.Events.class, events -> assertThat(events.events())
                .extracting(dev.junction.webhook.WebhookResult.Accepted::eventType).containsExactly(lifecycleEvent));
        return engine.webhooks().receive(checked);
    }

    @Test
    void aFailedRenewalIsTriedAgainAfterFiveMinutesAndAnUnregisteredWebhookIsNotRenewed() {
        assertThat(subscriptions().register("graph-mail", null, HOOKS, false).ok()).isTrue();
        graph.stubFor(patch(urlEqualTo("/v1.0/subscriptions/sub-1")).willReturn(aResponse().withStatus(503)));
        clock.advance(Duration.ofDays(2));

        assertThat(subscriptions().renewDue()).isEqualTo(1);
        assertThat(subscriptions().renewDue()).as("not again at once").isZero();
        clock.advance(WebhookSubscriptions.RETRY_RENEWAL.minusSeconds(1));
        assertThat(subscriptions().renewDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(subscriptions().renewDue()).isEqualTo(1);
        graph.verify(2, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/sub-1")));
    }
}
