package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The CRM's webhooks seen by a real receiver that checks each signature with its own verifier. */
class WebhooksTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private Sandbox sandbox;
    private Http crm;
    private WebhookReceiver receiver;
    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(SECRET);

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0));
        crm = Http.crm(sandbox);
        receiver = new WebhookReceiver();
        sandbox.crm().webhooks().setKnobs(WebhookKnobs.DEFAULTS.withRetryBackoff(Duration.ofMillis(1)));
    }

    @AfterEach
    void stop() {
        receiver.close();
        crm.close();
        sandbox.close();
    }

    @Test
    void anUpdateThroughTheApiArrivesSignedWithTheContactAsTheApiReturnsIt() {
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of("contact.*"));

        crm.post("/v1/contacts/batch/upsert", "{\"inputs\":[{\"id\":\"c-00007\",\"properties\":{\"lastname\":\"Hook\"}}]}");

        await().atMost(BOUND).until(() -> receiver.count() == 1);
        WebhookReceiver.Received delivery = receiver.received().getFirst();
        assertThat(verifier.verify(delivery, Instant.now())).as("signature").isTrue();
        JsonNode event = delivery.json();
        assertThat(event.get("id").asText()).startsWith("evt_").isEqualTo(delivery.eventId());
        assertThat(event.get("type").asText()).isEqualTo("contact.updated");
        assertThat(event.get("data")).isEqualTo(crm.get("/v1/contacts/c-00007").json());
        assertThat(event.get("occurredAt").asText()).isEqualTo(event.at("/data/updatedAt").asText());
        assertThat(delivery.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void aTamperedBodyOrAnotherSecretFailsTheIndependentVerifier() {
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());
        sandbox.crm().changeContacts(1);
        await().atMost(BOUND).until(() -> receiver.count() == 1);
        WebhookReceiver.Received d = receiver.received().getFirst();

        byte[] tampered = d.body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(verifier.verify(d.eventId(), d.header("webhook-timestamp"), d.header("webhook-signature"),
                tampered, Instant.now())).isFalse();
        assertThat(new StandardWebhooksVerifier("whsec_" + "A".repeat(32)).verify(d, Instant.now())).isFalse();
    }

    @Test
    void createdAndDeletedContactsSendTheirOwnEventTypes() {
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of("contact.created", "contact.deleted"));

        String id = crm.post("/v1/contacts/batch/upsert",
                "{\"inputs\":[{\"properties\":{\"email\":\"new.hook@example.com\",\"lastname\":\"New\"}}]}")
                .json().at("/results/0/id").asText();
        sandbox.crm().changeContacts(3);
        assertThat(crm.delete("/v1/contacts/" + id).status()).isEqualTo(204);

        await().atMost(BOUND).until(() -> receiver.count() == 2);
        List<JsonNode> events = receiver.received().stream().map(WebhookReceiver.Received::json).toList();
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("contact.created", "contact.deleted");
        assertThat(events).extracting(e -> e.at("/data/id").asText()).containsOnly(id);
        assertThat(events.get(1).at("/data/properties/email").asText()).isEqualTo("new.hook@example.com");
        assertThat(crm.get("/v1/contacts/" + id).status()).isEqualTo(404);
        assertThat(sandbox.crm().webhooks().eventsPublished()).isEqualTo(5);
    }

    @Test
    void aFiveHundredIsRetriedWithTheSameEventIdAndAFreshSignatureUntilAcknowledged() {
        receiver.answer(r -> r.number() <= 2 ? 500 : 200);
        WebhookSubscription sub = sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(receiver.received()).hasSize(3)
                .allMatch(r -> verifier.verify(r, Instant.now()))
                .extracting(WebhookReceiver.Received::eventId).containsOnly(receiver.received().getFirst().eventId());
        List<WebhookAttempt> attempts = sandbox.crm().webhooks().attempts();
        assertThat(attempts).extracting(WebhookAttempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(WebhookAttempt::status).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(WebhookAttempt::acknowledged).containsExactly(false, false, true);
        assertThat(attempts).allMatch(a -> a.subscriptionId().equals(sub.id()) && a.delivery() == 1);
        assertThat(sandbox.crm().webhooks().acknowledgedEventIds()).containsExactly(attempts.getFirst().eventId());
        assertThat(sandbox.crm().webhooks().failedEventIds()).isEmpty();
    }

    @Test
    void aDeliveryThatNeverGetsA2xxEndsAfterMaxAttemptsAsFailed() {
        receiver.answer(r -> 503);
        sandbox.crm().webhooks().setKnobs(sandbox.crm().webhooks().knobs().withMaxAttempts(3));
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(sandbox.crm().webhooks().attempts()).extracting(WebhookAttempt::status).containsExactly(503, 503, 503);
        assertThat(sandbox.crm().webhooks().failedEventIds()).containsExactly(receiver.received().getFirst().eventId());
        assertThat(sandbox.crm().webhooks().acknowledgedEventIds()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRecordedAsStatusZeroWithTheErrorAndRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        sandbox.crm().webhooks().setKnobs(sandbox.crm().webhooks().knobs().withMaxAttempts(2));
        sandbox.crm().webhooks().subscribe(URI.create("http://127.0.0.1:" + closedPort + "/hooks"), SECRET, List.of());

        sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(sandbox.crm().webhooks().attempts()).hasSize(2)
                .allMatch(a -> a.status() == 0 && !a.acknowledged() && a.error() != null);
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() {
        receiver.answer(r -> r.number() == 1 ? 307 : 204);
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(sandbox.crm().webhooks().attempts()).extracting(WebhookAttempt::status).containsExactly(307, 204);
    }

    @Test
    void eachSubscriptionGetsTheEventsItsPatternsMatch() {
        try (WebhookReceiver other = new WebhookReceiver()) {
            sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of("contact.updated"));
            sandbox.crm().webhooks().subscribe(other.url(), SECRET, List.of("contact.deleted"));

            sandbox.crm().changeContacts(2);
            sandbox.crm().deleteContact("c-00100");

            await().atMost(BOUND).until(() -> receiver.count() == 2 && other.count() == 1);
            assertThat(other.received().getFirst().json().get("type").asText()).isEqualTo("contact.deleted");
        }
    }

    @Test
    void unsubscribingStopsDeliveries() {
        WebhookSubscription sub = sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());
        sandbox.crm().changeContacts(1);
        await().atMost(BOUND).until(() -> receiver.count() == 1);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0); // the sender has read the answer

        assertThat(sandbox.crm().webhooks().unsubscribe(sub.id())).isTrue();
        sandbox.crm().changeContacts(5);

        assertThat(sandbox.crm().webhooks().pendingDeliveries()).isZero();
        assertThat(sandbox.crm().webhooks().subscriptions()).isEmpty();
        assertThat(sandbox.crm().webhooks().unsubscribe(sub.id())).isFalse();
    }

    @Test
    void closingTheSandboxEndsWaitingDeliveriesAndRefusesNewSubscriptions() {
        sandbox.crm().webhooks().setKnobs(WebhookKnobs.DEFAULTS.withDelay(Duration.ofHours(1)));
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());
        sandbox.crm().changeContacts(3);

        sandbox.close();

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(receiver.count()).isZero();
        assertThat(sandbox.crm().webhooks().attempts()).isEmpty();
        assertThatThrownBy(() -> sandbox.crm().webhooks().subscribe(receiver.url()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the CRM is closed");
    }

    @Test
    void badSubscriptionsAreRefusedNamingWhatWasExpected() {
        Webhooks webhooks = sandbox.crm().webhooks();

        assertThatThrownBy(() -> webhooks.subscribe(URI.create("ftp://127.0.0.1/x"), SECRET, List.of()))
                .hasMessage("url must be an absolute http or https URL, got ftp://127.0.0.1/x");
        assertThatThrownBy(() -> webhooks.subscribe(receiver.url(), SECRET, List.of("deal.*")))
                .hasMessage("events: 'deal.*' matches no event type; expected one of [contact.created, "
                        + "contact.updated, contact.deleted], a prefix ending in * such as contact.*, or *");
        assertThatThrownBy(() -> webhooks.subscribe(receiver.url(), "hunter2", List.of()))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aSubscriptionNeverShowsItsSecretInText() {
        WebhookSubscription sub = sandbox.crm().webhooks().subscribe(receiver.url());

        assertThat(sub.secret()).startsWith("whsec_");
        assertThat(sub.toString()).doesNotContain(sub.secret().substring(6)).contains("whsec_***");
        assertThat(sub.events()).containsExactly("*");
    }
}
