package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.engine.internal.WebhookSigner;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventSubscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound events on the embedded store with a WireMock subscriber: stored before any attempt,
 * signed per Standard Webhooks (checked by a verifier written from the spec), retried with backoff
 * and Retry-After, and subscriptions disabled after repeated failure. Time is a test clock; each
 * delivery pass is run by the test ({@link Events#deliverDue}), so nothing waits on real time.
 */
class EventsTest {
    static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(T0);
    private WireMockServer subscriber;
    private Engine engine;

    @BeforeEach
    void start() {
        subscriber = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        subscriber.start();
        engine = open(Events.Settings.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        subscriber.stop();
    }

    private Engine open(Events.Settings settings) {
        return open(settings, dev.junction.http.EgressPolicy.DEFAULT);
    }

    private Engine open(Events.Settings settings, dev.junction.http.EgressPolicy egress) {
        return Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, Map.<String, String>of()::get, clock).withEvents(settings)
                .withEgress(egress));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + subscriber.port() + path;
    }

    private void answer(String path, int status) {
        subscriber.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
    }

    @Test
    void theSignerAndTheIndependentVerifierBothMatchTheSpecsPublishedTestVector() {
        // libraries/go/webhook_test.go of standard-webhooks/standard-webhooks: TestWebhookSign
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        String body = "{\"test\": 2432232314}";

        assertThat(new StandardWebhooksVerifier(secret).expectedSignature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).isEqualTo(expected);
        assertThat(WebhookSigner.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void anEmittedEventIsStoredBeforeAnyAttemptSurvivesTheProcessAndArrivesSigned() throws Exception {
        answer("/hooks", 204);
        CreatedSubscription created = engine.events().create(url("/hooks"), List.of("run.*"), null, "ops alerts");
        assertThat(created.secret()).startsWith("whsec_");

        List<String> ids = engine.events().emit(EventType.RUN_FAILED, null, Map.of("runId", "r-1", "sync", "contacts"));

        assertThat(ids).hasSize(1);
        assertThat(engine.store().events(() -> { throw new AssertionError("no secret is read"); }).findDelivery(ids.getFirst()))
                .get().extracting(EventDelivery::status).isEqualTo(EventDelivery.Status.PENDING);
        // the process goes away before delivering; the next one delivers what it stored
        engine.close();
        engine = open(Events.Settings.DEFAULT);
        assertThat(subscriber.getAllServeEvents()).isEmpty();

        assertThat(engine.events().deliverDue()).isEqualTo(1);

        LoggedRequest request = subscriber.findAll(postRequestedFor(urlEqualTo("/hooks"))).getFirst();
        String body = request.getBodyAsString();
        assertThat(request.getHeader("webhook-id")).isEqualTo(ids.getFirst());
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo(Long.toString(T0.getEpochSecond()));
        assertThat(request.getHeader("content-type")).isEqualTo("application/json");
        assertThat(new StandardWebhooksVerifier(created.secret()).verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getHeader("webhook-signature"), body, T0.getEpochSecond(), 300)).isTrue();
        assertThat(new StandardWebhooksVerifier(created.secret()).verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getHeader("webhook-signature"), body.replace("r-1", "r-2"), T0.getEpochSecond(), 300)).as("a tampered body").isFalse();
        JsonNode event = JSON.readTree(body);
        assertThat(event.get("type").asText()).isEqualTo("run.failed");
        assertThat(event.get("timestamp").asText()).isEqualTo(T0.toString());
        assertThat(event.get("data").get("runId").asText()).isEqualTo("r-1");
        EventDelivery delivered = engine.events().deliveries(created.subscription().id(), null, 10).getFirst();
        assertThat(delivered).extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::lastStatusCode)
                .containsExactly(EventDelivery.Status.DELIVERED, 1, 204);
        assertThat(engine.events().deliverDue()).isZero();
    }

    @Test
    void aFailedAttemptIsRetriedWithBackoffUnderTheSameIdUntilItIsDelivered() {
        subscriber.stubFor(post(urlEqualTo("/hooks")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")).willSetStateTo("up"));
        subscriber.stubFor(post(urlEqualTo("/hooks")).inScenario("flaky").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
        String subscription = engine.events().create(url("/hooks"), List.of("*"), null, null).subscription().id();
        String id = engine.events().emit("run.succeeded", null, Map.of()).getFirst();

        engine.events().deliverDue();

        EventDelivery failed = engine.events().deliveries(subscription, null, 1).getFirst();
        assertThat(failed).extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::lastStatusCode, EventDelivery::lastError)
                .containsExactly(EventDelivery.Status.FAILED, 1, 503, "HTTP 503: down for maintenance");
        // 10 s after the first failure, ±20% jitter
        assertThat(failed.nextAttemptAt()).isBetween(T0.plusSeconds(8), T0.plusSeconds(12));
        assertThat(engine.events().deliverDue()).as("not due yet").isZero();

        clock.advance(Duration.ofSeconds(12));
        engine.events().deliverDue();

        assertThat(engine.events().deliveries(subscription, null, 1).getFirst())
                .extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::nextAttemptAt, EventDelivery::lastError)
                .containsExactly(EventDelivery.Status.DELIVERED, 2, null, null);
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/hooks")))).extracting(r -> r.getHeader("webhook-id")).containsExactly(id, id);
        assertThat(engine.events().get(subscription).consecutiveFailures()).isZero();
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterItsRetryAfterInSecondsOrAsADateAndCapped() {
        String subscription = engine.events().create(url("/hooks"), List.of("*"), null, null).subscription().id();
        String[] retryAfter = {"120", DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(300).atOffset(ZoneOffset.UTC)), "86400"};
        Instant[] expected = {T0.plusSeconds(120), T0.plusSeconds(300), T0.plus(Events.Settings.DEFAULT.maxRetryAfter())};
        for (int i = 0; i < retryAfter.length; i++) {
            subscriber.resetAll();
            subscriber.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter[i])));
            String id = engine.events().emit("run.failed", null, Map.of()).getFirst();

            engine.events().deliverDue();

            EventDelivery throttled = engine.store().events(() -> null).findDelivery(id).orElseThrow();
            assertThat(throttled.status()).isEqualTo(EventDelivery.Status.FAILED);
            assertThat(throttled.nextAttemptAt()).as("Retry-After: " + retryAfter[i]).isEqualTo(expected[i]);
            engine.store().events(() -> null).delete(subscription); // the next case starts clean
            subscription = engine.events().create(url("/hooks"), List.of("*"), null, null).subscription().id();
        }
    }

    @Test
    void aSubscriptionIsDisabledAfterRepeatedFailuresAndGetsNoEventsUntilEnabled() {
        engine.close();
        engine = open(Events.Settings.DEFAULT.withDisableAfterFailures(3));
        answer("/hooks", 500);
        String subscription = engine.events().create(url("/hooks"), List.of("run.failed"), null, null).subscription().id();
        engine.events().emit("run.failed", null, Map.of());

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(engine.events().get(subscription).status()).isEqualTo(EventSubscription.Status.ACTIVE);
            assertThat(engine.events().deliverDue()).isEqualTo(1);
            clock.advance(Duration.ofHours(1));
        }

        EventSubscription disabled = engine.events().get(subscription);
        assertThat(disabled.status()).isEqualTo(EventSubscription.Status.DISABLED);
        assertThat(disabled.disabledReason()).startsWith("3 delivery attempts in a row failed; last: HTTP 500")
                .endsWith("enable the subscription again (POST /api/v1/event-subscriptions/" + subscription + "/enable)");
        assertThat(engine.events().emit("run.failed", null, Map.of())).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(engine.events().deliverDue()).as("a disabled subscription's deliveries wait").isZero();

        answer("/hooks", 200);
        assertThat(engine.events().enable(subscription).consecutiveFailures()).isZero();
        assertThat(engine.events().deliverDue()).isEqualTo(1);
        assertThat(engine.events().deliveries(subscription, EventDelivery.Status.DELIVERED, 10)).hasSize(1);
    }

    @Test
    void aDeliveryThatFailsItsLastAttemptIsDeadAndDisablesItsSubscription() {
        engine.close();
        engine = open(Events.Settings.DEFAULT.withMaxAttempts(2));
        answer("/hooks", 410);
        String subscription = engine.events().create(url("/hooks"), List.of("*"), null, null).subscription().id();
        String id = engine.events().emit("schema.drifted", null, Map.of()).getFirst();

        engine.events().deliverDue();
        clock.advance(Duration.ofMinutes(1));
        engine.events().deliverDue();

        EventDelivery dead = engine.events().deliveries(subscription, null, 1).getFirst();
        assertThat(dead).extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::nextAttemptAt)
                .containsExactly(EventDelivery.Status.DEAD, 2, null);
        assertThat(engine.events().get(subscription).disabledReason())
                .startsWith("event delivery " + id + " (schema.drifted) failed 2 times, the most allowed; last: HTTP 410");
    }

    @Test
    void aTenantsSubscriptionGetsOnlyThatTenantsEventsAndAnOperatorsGetsEvery() {
        engine.close();
        // the subscribers run on this machine: tenants' subscriptions reach them only because private addresses are allowed
        engine = open(Events.Settings.DEFAULT, dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true));
        answer("/acme", 200);
        answer("/globex", 200);
        answer("/ops", 200);
        engine.events().create(url("/acme"), List.of("run.*"), "acme", null);
        engine.events().create(url("/globex"), List.of("run.*"), "globex", null);
        engine.events().create(url("/ops"), List.of("run.*", "schema.drifted"), null, null);

        engine.events().emit("run.failed", "acme", Map.of("n", 1));
        engine.events().emit("run.failed", null, Map.of("n", 2));
        engine.events().emit("record.dead_lettered", "acme", Map.of("n", 3)); // nobody wants it
        engine.events().deliverDue();

        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/acme")))).hasSize(1);
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/globex")))).isEmpty();
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/ops")))).hasSize(2);
    }

    @Test
    void aTestSendsAPingAtOnceAndAnswersWithTheAttempt() throws Exception {
        answer("/hooks", 202);
        String subscription = engine.events().create(url("/hooks"), List.of("run.failed"), null, null).subscription().id();

        EventDelivery ping = engine.events().test(subscription);

        assertThat(ping).extracting(EventDelivery::type, EventDelivery::status, EventDelivery::lastStatusCode)
                .containsExactly("ping", EventDelivery.Status.DELIVERED, 202);
        JsonNode body = JSON.readTree(subscriber.findAll(postRequestedFor(urlEqualTo("/hooks"))).getFirst().getBodyAsString());
        assertThat(body.get("data").get("subscription").asText()).isEqualTo(subscription);
    }

    @Test
    void aRotatedSecretSignsNextToThePreviousOneDuringItsGrace() {
        answer("/hooks", 200);
        CreatedSubscription created = engine.events().create(url("/hooks"), List.of("*"), null, null);
        CreatedSubscription rotated = engine.events().rotateSecret(created.subscription().id());
        assertThat(rotated.secret()).isNotEqualTo(created.secret());
        engine.events().emit("run.failed", null, Map.of());

        engine.events().deliverDue();

        LoggedRequest request = subscriber.findAll(postRequestedFor(urlEqualTo("/hooks"))).getFirst();
        for (String secret : List.of(created.secret(), rotated.secret())) {
            assertThat(new StandardWebhooksVerifier(secret).verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                    request.getHeader("webhook-signature"), request.getBodyAsString(), T0.getEpochSecond(), 300)).isTrue();
        }
    }

    @Test
    void badSubscriptionsAreRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> engine.events().create("ftp://example.com/x", List.of("*"), null, null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("url: 'ftp://example.com/x' must be an http or https URL with a host and no user info or fragment, such as https://example.com/hooks");
        assertThatThrownBy(() -> engine.events().create(url("/x"), List.of("runs.*"), null, null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageStartingWith("eventTypes: 'runs.*' matches no event type; expected a type, a prefix such as run.* or *; the types are run.succeeded,");
        assertThatThrownBy(() -> engine.events().get("sub_nope")).isInstanceOf(EngineException.NotFound.class);
    }

    @Test
    void aTenantsSubscriptionToALoopbackOrMetadataAddressIsRefusedWhenMadeAndAnOperatorsToMetadataToo() {
        assertThatThrownBy(() -> engine.events().create(url("/acme"), List.of("run.*"), "acme", null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("url: '" + url("/acme") + "' is refused: 127.0.0.1 is a loopback address; a tenant's event subscription may not reach it"
                        + " unless the server's egress settings allow it (egress.allowPrivate, or egress.allow with this address or host)");
        assertThatThrownBy(() -> engine.events().create("http://169.254.169.254/latest/meta-data", List.of("*"), null, null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageStartingWith("url: 'http://169.254.169.254/latest/meta-data' is refused: 169.254.169.254 is a cloud metadata address");
        assertThatThrownBy(() -> engine.events().create("http://metadata.google.internal/x", List.of("*"), "acme", null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("metadata.google.internal is a cloud metadata service; requests there are never allowed");
        String operators = engine.events().create(url("/ops"), List.of("*"), null, null).subscription().id();
        assertThatThrownBy(() -> engine.events().update(operators, "http://[fe80::1]/x", null, null)).isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("a link-local address");
    }

    @Test
    void aTenantsSubscriptionWhoseNameResolvesToLoopbackIsNotSentToItsDeliveryIsDeadSayingWhyAndItIsDisabled() {
        answer("/acme", 200);
        String subscription = engine.events().create("http://localhost:" + subscriber.port() + "/acme", List.of("run.*"), "acme", null)
                .subscription().id();

        engine.events().emit("run.failed", "acme", Map.of("n", 1));
        engine.events().deliverDue();

        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/acme")))).isEmpty();
        EventDelivery delivery = engine.events().deliveries(subscription, null, 1).getFirst();
        assertThat(delivery.status()).isEqualTo(EventDelivery.Status.DEAD);
        assertThat(delivery.lastError()).startsWith("refused, not sent: localhost resolves to ").contains("a loopback address; a tenant's event"
                + " subscription may not reach it unless the server's egress settings allow it");
        assertThat(engine.events().get(subscription).status()).isEqualTo(dev.junction.store.EventSubscription.Status.DISABLED);
        assertThat(engine.events().get(subscription).disabledReason()).contains("was refused, not sent: localhost resolves to");
    }

    @Test
    void anOperatorsSubscriptionMayReachLoopbackByName() {
        answer("/ops", 204);
        String subscription = engine.events().create("http://localhost:" + subscriber.port() + "/ops", List.of("run.*"), null, null)
                .subscription().id();

        engine.events().emit("run.failed", "acme", Map.of("n", 1));
        engine.events().deliverDue();

        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/ops")))).hasSize(1);
        assertThat(engine.events().deliveries(subscription, null, 1).getFirst().status()).isEqualTo(EventDelivery.Status.DELIVERED);
    }
}
