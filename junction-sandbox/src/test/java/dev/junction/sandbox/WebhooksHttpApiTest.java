package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The webhook subscription API and the control routes, over HTTP only. */
class WebhooksHttpApiTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private Sandbox sandbox;
    private Http crm;
    private Http admin;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0));
        crm = Http.crm(sandbox);
        admin = Http.anonymous(sandbox.crm().baseUrl());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        admin.close();
        crm.close();
        sandbox.close();
    }

    @Test
    void aSubscriptionMadeOverHttpShowsItsGeneratedSecretOnceAndSignsWithIt() {
        Http.Response created = crm.post("/v1/webhooks/subscriptions",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"contact.*\"]}");

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        assertThat(created.header("Location")).isEqualTo("/v1/webhooks/subscriptions/" + id);
        assertThat(secret).startsWith("whsec_");
        JsonNode listed = crm.get("/v1/webhooks/subscriptions").json().at("/results/0");
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.get("url").asText()).isEqualTo(receiver.url().toString());
        assertThat(listed.has("secret")).isFalse();
        assertThat(crm.get("/v1/webhooks/subscriptions/" + id).json().has("secret")).isFalse();

        admin.post("/_admin/change?count=2", "");

        await().atMost(BOUND).until(() -> receiver.count() == 2);
        assertThat(receiver.received()).allMatch(r -> new StandardWebhooksVerifier(secret).verify(r, Instant.now()));
    }

    @Test
    void theSubscriptionApiNeedsTheBearerToken() {
        Http.Response refused = admin.post("/v1/webhooks/subscriptions", "{\"url\":\"" + receiver.url() + "\"}");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(sandbox.crm().webhooks().subscriptions()).isEmpty();
    }

    @Test
    void deletingASubscriptionAnswers204ThenNotFound() {
        String id = crm.post("/v1/webhooks/subscriptions", "{\"url\":\"" + receiver.url() + "\"}").json()
                .get("id").asText();

        assertThat(crm.delete("/v1/webhooks/subscriptions/" + id).status()).isEqualTo(204);
        Http.Response again = crm.delete("/v1/webhooks/subscriptions/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("message").asText()).isEqualTo("no webhook subscription " + id);
    }

    @Test
    void badSubscriptionBodiesAnswer400SayingWhatWasExpected() {
        assertThat(message(crm.post("/v1/webhooks/subscriptions", "{}")))
                .isEqualTo("url is required: the absolute http(s) URL to post events to");
        assertThat(message(crm.post("/v1/webhooks/subscriptions", "{\"url\":\"not a url\"}")))
                .isEqualTo("url must be an absolute http or https URL, got not a url");
        assertThat(message(crm.post("/v1/webhooks/subscriptions", "{\"url\":\"http://127.0.0.1/x\",\"event\":[]}")))
                .isEqualTo("unknown field 'event', expected one of [events, secret, url]");
        Http.Response badSecret = crm.post("/v1/webhooks/subscriptions",
                "{\"url\":\"http://127.0.0.1/x\",\"secret\":\"s3cr3t-value\"}");
        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(badSecret.raw().body()).doesNotContain("s3cr3t-value");
    }

    @Test
    void knobsAreSetAndReadOverTheControlApiWithDefaultsForMissingFields() {
        Http.Response set = admin.post("/_admin/webhooks/knobs",
                "{\"duplicateRate\":0.25,\"delayMs\":5,\"concurrency\":4,\"seed\":9}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(sandbox.crm().webhooks().knobs()).isEqualTo(WebhookKnobs.DEFAULTS.withDuplicateRate(0.25)
                .withDelay(Duration.ofMillis(5)).withConcurrency(4).withSeed(9));
        JsonNode read = admin.get("/_admin/webhooks/knobs").json();
        assertThat(read.get("duplicateRate").asDouble()).isEqualTo(0.25);
        assertThat(read.get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(read.get("retryBackoffMs").asLong()).isEqualTo(200);
    }

    @Test
    void badKnobsAnswer400AndChangeNothing() {
        assertThat(message(admin.post("/_admin/webhooks/knobs", "{\"reorderRate\":3}")))
                .isEqualTo("reorderRate must be between 0 and 1, got 3.0");
        assertThat(message(admin.post("/_admin/webhooks/knobs", "{\"duplicates\":1}")))
                .startsWith("unknown field 'duplicates', expected one of [concurrency, delayMs, duplicateRate,");
        assertThat(message(admin.post("/_admin/webhooks/knobs", "{\"delayMs\":\"soon\"}")))
                .isEqualTo("delayMs must be an integer");
        assertThat(sandbox.crm().webhooks().knobs()).isEqualTo(WebhookKnobs.DEFAULTS);
    }

    @Test
    void theLedgerRouteListsEveryAttemptAndWhichEventsWereAcknowledged() {
        receiver.answer(r -> r.number() == 1 ? 500 : 200);
        admin.post("/_admin/webhooks/knobs", "{\"retryBackoffMs\":1}");
        sandbox.crm().webhooks().subscribe(receiver.url(), null, java.util.List.of());

        Http.Response burst = admin.post("/_admin/burst?count=3", "");

        assertThat(burst.json().get("changes").asInt()).isEqualTo(3);
        await().atMost(BOUND).until(() -> admin.get("/_admin/webhooks/ledger").json()
                .get("pendingDeliveries").asInt() == 0);
        JsonNode ledger = admin.get("/_admin/webhooks/ledger").json();
        assertThat(ledger.get("size").asInt()).isEqualTo(4);
        assertThat(ledger.get("eventsPublished").asInt()).isEqualTo(3);
        assertThat(ledger.get("acknowledgedEventIds")).hasSize(3);
        JsonNode first = ledger.at("/attempts/0");
        assertThat(first.get("status").asInt()).isEqualTo(500);
        assertThat(first.get("acknowledged").asBoolean()).isFalse();
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(ledger.at("/attempts/1/eventId").asText()).isEqualTo(first.get("eventId").asText());
        assertThat(admin.get("/_admin/webhooks/ledger?offset=3&limit=10").json().get("attempts")).hasSize(1);

        admin.post("/_admin/reset", "");
        assertThat(admin.get("/_admin/webhooks/ledger").json().get("size").asInt()).isZero();
    }

    @Test
    void contactsCanBeDeletedThroughTheApi() {
        assertThat(crm.delete("/v1/contacts/c-00003").status()).isEqualTo(204);
        assertThat(crm.delete("/v1/contacts/c-00003").status()).isEqualTo(404);
        assertThat(sandbox.crm().contactCount()).isEqualTo(199);
        assertThat(sandbox.crm().ledger()).extracting(LedgerEntry::endpoint).containsExactly("contacts.delete");
    }

    private static String message(Http.Response response) {
        assertThat(response.status()).isEqualTo(400);
        return response.json().get("message").asText();
    }
}
