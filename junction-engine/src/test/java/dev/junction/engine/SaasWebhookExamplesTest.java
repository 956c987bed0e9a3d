package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.RunRecord;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhooks of the {@code examples/saas} connectors, applied as they are with {@code connections.yaml}:
 * each provider's delivery is built here as the provider sends it (its headers, its payload's shape)
 * and signed here, from the provider's documentation, without Junction's code: Stripe's
 * {@code Stripe-Signature}, GitHub's {@code X-Hub-Signature-256}, Slack's {@code v0} signature and its
 * URL check, HubSpot's signature v3 over a list of events, Shopify's {@code X-Shopify-Hmac-Sha256}. A
 * delivery signed with another secret is refused. Stripe's customer events run the Stripe-to-HubSpot
 * sync for that customer, fetched from Stripe and written to HubSpot (both WireMock).
 */
class SaasWebhookExamplesTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String STRIPE_SECRET = "whsec_6d1QfS0mWbJ8Zt3xVpKq2LrN7uYc4HaE";
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String HUBSPOT_SECRET = "a1b2c3d4-e5f6-47a8-9b0c-d1e2f3a4b5c6";
    private static final String SHOPIFY_SECRET = "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";
    private static final String WRONG = "not-the-secret-the-provider-signs-with";

    @TempDir
    Path dataDir;

    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Every file of examples/saas as it is, with the variables of its connections.yaml set (the webhook secrets when {@code withWebhookSecrets}). */
    private Engine examples(boolean withWebhookSecrets) {
        Map<String, String> env = new HashMap<>(Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "STRIPE_SECRET_KEY", "sk_test_abc123", "HUBSPOT_ACCESS_TOKEN", "pat-na1-abc123", "GITHUB_OWNER", "octo-org",
                "GITHUB_REPO", "hello-world", "GITHUB_TOKEN", "github_pat_abc123", "SHOPIFY_ADMIN_URL", "https://northwind.myshopify.com/admin/api/2024-10",
                "SHOPIFY_ACCESS_TOKEN", "shpat_abc123", "SLACK_BOT_TOKEN", "xoxb-abc123"));
        env.putAll(Map.of("NOTION_DATABASE_ID", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "NOTION_TOKEN", "ntn_abc123", "AIRTABLE_BASE_ID", "appXYZ123",
                "AIRTABLE_TABLE", "Contacts", "AIRTABLE_TOKEN", "patABC.123"));
        if (withWebhookSecrets) {
            env.putAll(Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "GITHUB_WEBHOOK_SECRET", GITHUB_SECRET, "SLACK_SIGNING_SECRET", SLACK_SECRET,
                    "HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET, "SHOPIFY_WEBHOOK_SECRET", SHOPIFY_SECRET));
        }
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get));
        var applied = engine.definitions().apply(SaasExampleFiles.all(), "test");
        assertThat(applied.ok()).as(applied.toString()).isTrue();
        return engine;
    }

    @Test
    void aStripeEventIsAcceptedByItsIdTypeAndCustomerAndRefusedWhenSignedWithAnotherSecret() {
        examples(true);
        String body = stripeEvent("evt_1QaZ3nLkdIwHu7ixR2c8bT0p", "customer.updated", "cus_QhX1aB2cD3eF4g", "ada@example.com");
        long now = Instant.now().getEpochSecond();

        WebhookResult accepted = engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, body)).result();
        WebhookResult forged = engine.webhooks().check("stripe", stripe(WRONG, now, body)).result();
        WebhookResult replayed = engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now - 600, body)).result();

        assertThat(accepted).isInstanceOfSatisfying(WebhookResult.Accepted.class, event -> {
            assertThat(event.eventId()).isEqualTo("evt_1QaZ3nLkdIwHu7ixR2c8bT0p");
            assertThat(event.eventType()).isEqualTo("customer.updated");
            assertThat(event.recordKey()).isEqualTo("cus_QhX1aB2cD3eF4g");
        });
        assertThat(forged).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(401));
        // ten minutes old: outside Stripe's (and Junction's default) five-minute tolerance
        assertThat(replayed).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void aGitHubDeliveryIsAcceptedByItsDeliveryGuidEventAndIssueAndRefusedWhenSignedWithAnotherSecret() {
        examples(true);
        String body = """
                {"action": "opened", "issue": {"url": "https://api.github.com/repos/octo-org/hello-world/issues/1347", "id": 1296269,
                  "node_id": "MDU6SXNzdWUx", "number": 1347, "title": "Found a bug", "state": "open", "body": "I'm having a problem with this.",
                  "user": {"login": "octocat", "id": 1}, "labels": [], "created_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-02T10:00:00Z"},
                 "repository": {"id": 1296270, "name": "hello-world", "full_name": "octo-org/hello-world", "private": false},
                 "sender": {"login": "octocat", "id": 1}}""";
        String ping = """
                {"zen": "Keep it logically awesome.", "hook_id": 123456789, "hook": {"type": "Repository", "id": 123456789, "active": true,
                 "events": ["issues"], "config": {"content_type": "json", "insecure_ssl": "0", "url": "https://junction.example.com/hooks/github"}},
                 "repository": {"id": 1296270, "full_name": "octo-org/hello-world"}, "sender": {"login": "octocat", "id": 1}}""";

        WebhookResult accepted = engine.webhooks().check("github", github(GITHUB_SECRET, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "issues", body)).result();
        WebhookResult pinged = engine.webhooks().check("github", github(GITHUB_SECRET, "1b6a3f20-cc78-11e3-8e5f-2a9bd1c8e0a1", "ping", ping)).result();
        WebhookResult forged = engine.webhooks().check("github", github(WRONG, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "issues", body)).result();

        assertThat(accepted).isInstanceOfSatisfying(WebhookResult.Accepted.class, event -> {
            assertThat(event.eventId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
            assertThat(event.eventType()).isEqualTo("issues");
            assertThat(event.recordKey()).isEqualTo("1296269");
        });
        // the ping GitHub sends when the webhook is made is an event like any other, about no issue
        assertThat(pinged).isInstanceOfSatisfying(WebhookResult.Accepted.class, event -> {
            assertThat(event.eventType()).isEqualTo("ping");
            assertThat(event.recordKey()).isNull();
        });
        assertThat(forged).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void slacksUrlVerificationIsAnsweredWithItsChallengeAndAnEventCallbackIsAcceptedByItsEventId() {
        examples(true);
        String challenge = "{\"token\": \"Jhj5dZrVaK7ZwHHjRyZWjbDl\", \"challenge\": \"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + " \"type\": \"url_verification\"}";
        String event = """
                {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "team_id": "T061EG9R6", "api_app_id": "A0PNCHHK2", "context_team_id": "T061EG9R6",
                 "event": {"type": "app_mention", "user": "U061F7AUR", "text": "<@U0LAN0Z89> is it everything a river should be?",
                           "ts": "1515449522.000016", "channel": "C123ABC456", "event_ts": "1515449522000016"},
                 "type": "event_callback", "event_id": "Ev0LAN670R", "event_time": 1515449522000016,
                 "authorizations": [{"team_id": "T061EG9R6", "user_id": "U0LAN0Z89", "is_bot": true, "is_enterprise_install": false}],
                 "is_ext_shared_channel": false}""";
        long now = Instant.now().getEpochSecond();

        WebhookResult answered = engine.webhooks().check("slack", slack(SLACK_SECRET, now, challenge)).result();
        WebhookResult accepted = engine.webhooks().check("slack", slack(SLACK_SECRET, now, event)).result();
        WebhookResult forgedChallenge = engine.webhooks().check("slack", slack(WRONG, now, challenge)).result();
        WebhookResult forged = engine.webhooks().check("slack", slack(WRONG, now, event)).result();

        assertThat(answered).isEqualTo(new WebhookResult.Handshake(200, "text/plain", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertThat(accepted).isInstanceOfSatisfying(WebhookResult.Accepted.class, e -> {
            assertThat(e.eventId()).isEqualTo("Ev0LAN670R");
            assertThat(e.eventType()).isEqualTo("app_mention");
        });
        // the URL check is signed too: a forged one gets no answer
        assertThat(List.of(forgedChallenge, forged)).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(WebhookResult.Rejected.class,
                rejected -> assertThat(rejected.status()).isEqualTo(401)));
    }

    @Test
    void aHubSpotDeliveryOfSeveralEventsIsOneEventEachSignedOverTheUrlItWasSentTo() {
        examples(true);
        // the query's %3A is one of the escapes HubSpot decodes before signing the URI
        String url = "https://junction.example.com/hooks/hubspot?source=hubspot%3Acrm";
        String body = """
                [{"eventId": 1001, "subscriptionId": 12345, "portalId": 62515, "appId": 54321, "occurredAt": 1762077600000,
                  "subscriptionType": "contact.creation", "attemptNumber": 0, "objectId": 512, "changeFlag": "CREATED", "changeSource": "CRM"},
                 {"eventId": 1002, "subscriptionId": 12346, "portalId": 62515, "appId": 54321, "occurredAt": 1762077600500,
                  "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 512, "propertyName": "email",
                  "propertyValue": "ada@example.com", "changeSource": "CRM", "sourceId": "userId:45678"},
                 {"eventId": 1003, "subscriptionId": 12347, "portalId": 62515, "appId": 54321, "occurredAt": 1762077601000,
                  "subscriptionType": "contact.deletion", "attemptNumber": 0, "objectId": 498, "changeFlag": "DELETED", "changeSource": "CRM"}]""";
        long now = Instant.now().toEpochMilli();

        WebhookResult accepted = engine.webhooks().check("hubspot", hubspot(HUBSPOT_SECRET, url, url, now, body)).result();
        WebhookResult forged = engine.webhooks().check("hubspot", hubspot(WRONG, url, url, now, body)).result();
        // signed for another address than the one it reached (a proxy that rewrote the host, say)
        WebhookResult elsewhere = engine.webhooks().check("hubspot",
                hubspot(HUBSPOT_SECRET, "https://other.example.com/hooks/hubspot?source=hubspot%3Acrm", url, now, body)).result();

        assertThat(accepted).isInstanceOfSatisfying(WebhookResult.Events.class, events -> assertThat(events.events())
                .extracting(WebhookResult.Accepted::eventId, WebhookResult.Accepted::eventType, WebhookResult.Accepted::recordKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("12345:1001:1762077600000", "contact.creation", "512"),
                        org.assertj.core.groups.Tuple.tuple("12346:1002:1762077600500", "contact.propertyChange", "512"),
                        org.assertj.core.groups.Tuple.tuple("12347:1003:1762077601000", "contact.deletion", "498")));
        assertThat(List.of(forged, elsewhere)).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(WebhookResult.Rejected.class,
                rejected -> assertThat(rejected.status()).isEqualTo(401)));
    }

    @Test
    void aShopifyWebhookIsAcceptedByItsEventIdTopicAndResourceAndRefusedWhenSignedWithAnotherSecret() {
        examples(true);
        String body = """
                {"id": 706405506930370084, "email": "bob@biller.com", "created_at": "2026-11-02T10:00:00-05:00",
                 "updated_at": "2026-11-02T10:05:00-05:00", "first_name": "Bob", "last_name": "Biller", "state": "enabled", "note": null,
                 "verified_email": true, "phone": null, "tags": "", "currency": "USD", "addresses": [],
                 "admin_graphql_api_id": "gid://shopify/Customer/706405506930370084"}""";

        WebhookResult accepted = engine.webhooks().check("shopify", shopify(SHOPIFY_SECRET, "customers/update", body)).result();
        WebhookResult forged = engine.webhooks().check("shopify", shopify(WRONG, "customers/update", body)).result();

        assertThat(accepted).isInstanceOfSatisfying(WebhookResult.Accepted.class, event -> {
            assertThat(event.eventId()).isEqualTo("e8a2c1f0-5b7d-4e39-9c61-0d4f2b8a7e13");
            assertThat(event.eventType()).isEqualTo("customers/update");
            assertThat(event.recordKey()).isEqualTo("706405506930370084");
        });
        assertThat(forged).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void withoutTheWebhookSecretsTheConnectionsApplyAndOnlyTheirDeliveriesWait() {
        examples(false);

        // the secret is optional and its variable unset: the connection is applied and runs need it not;
        // a delivery cannot be verified now, so it is refused for the provider to send again (503)
        for (String connection : List.of("stripe", "github", "slack", "hubspot", "shopify")) {
            assertThatThrownBy(() -> engine.webhooks().check(connection, WebhookDelivery.post(Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                    Instant.now()))).as(connection).isInstanceOf(Webhooks.NotReady.class);
        }
        // a connector whose provider sends no webhooks here declares none
        assertThatThrownBy(() -> engine.webhooks().check("notion", WebhookDelivery.post(Map.of(), new byte[0], Instant.now())))
                .isInstanceOf(EngineException.NotFound.class).hasMessageContaining("declares no webhooks");
    }

    @Test
    void stripeCustomerEventsRunTheSyncForThatCustomerAsStripeHasItNow() {
        engine = SaasExampleFiles.stripeToHubSpot(dataDir, api.baseUrl(), Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET));
        // Stripe has the customer's newer email by now; the event carries the state it had then
        stubAdaAtStripeAndHubSpot();
        engine.runQueue().start();
        long now = Instant.now().getEpochSecond();
        String updated = stripeEvent("evt_1QaZ3nLkdIwHu7ixR2c8bT0p", "customer.updated", "cus_QhX1aB2cD3eF4g", "ada@example.com");
        String invoice = """
                {"id": "evt_1QaZ4oLkdIwHu7ixK9d3aB1q", "object": "event", "api_version": "2024-06-20", "created": %d,
                 "data": {"object": {"id": "in_1QaZ4nLkdIwHu7ixs0m3Fw2T", "object": "invoice", "customer": "cus_QhX1aB2cD3eF4g", "status": "paid"}},
                 "livemode": false, "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "invoice.paid"}"""
                .formatted(now);

        List<Webhooks.Received> first = engine.webhooks().receive(engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, updated)));
        List<Webhooks.Received> again = engine.webhooks().receive(engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, updated)));
        List<Webhooks.Received> other = engine.webhooks().receive(engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, invoice)));

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo("evt_1QaZ3nLkdIwHu7ixR2c8bT0p");
            assertThat(r.subscribers()).containsExactly("sync:stripe-customers-to-hubspot");
            assertThat(r.duplicate()).isFalse();
        });
        assertThat(again).singleElement().satisfies(r -> assertThat(r.duplicate()).as("Stripe's retry of the same event").isTrue());
        assertThat(other).singleElement().satisfies(r -> assertThat(r.subscribers()).as("the sync takes customer events only").isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(engine.inbox().list(
                InboxQuery.oldest(10).withTarget("sync:stripe-customers-to-hubspot"))).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(InboxEvent.Status.DONE)));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/customers/cus_QhX1aB2cD3eF4g")).withHeader("Authorization", equalTo("Bearer sk_test_abc123"))
                .withHeader("Stripe-Version", equalTo("2024-06-20")));
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")).withRequestBody(equalToJson("""
                {"inputs": [{"idProperty": "email", "id": "ada.lovelace@example.com", "objectWriteTraceId": "cus_QhX1aB2cD3eF4g",
                  "properties": {"email": "ada.lovelace@example.com", "firstname": "Ada", "lastname": "Lovelace"}}]}""")));
        List<RunRecord> runs = engine.runs().list("stripe-customers-to-hubspot", null, 10);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.trigger()).isEqualTo("webhook");
            assertThat(run.counters().inserted()).isEqualTo(1);
        });
    }

    @Test
    void anEventOfACustomerDeletedSinceIsDoneWithNothingWrittenRatherThanADeadLetter() {
        engine = SaasExampleFiles.stripeToHubSpot(dataDir, api.baseUrl(), Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET));
        // Stripe answers a deleted customer with 200 and a tombstone (docs.stripe.com/api/customers/retrieve): no email to key a contact by
        api.stubFor(get(urlPathEqualTo("/v1/customers/cus_R2dE5fG6hI7jK8")).willReturn(okJson("""
                {"id": "cus_R2dE5fG6hI7jK8", "object": "customer", "deleted": true}""")));
        stubAdaAtStripeAndHubSpot();
        long now = Instant.now().getEpochSecond();
        // Stripe sends events in no set order: this update arrives after the customer was deleted
        String late = stripeEvent("evt_1QaZ5pLkdIwHu7ixT4e6cD2r", "customer.updated", "cus_R2dE5fG6hI7jK8", "grace@example.com");
        String live = stripeEvent("evt_1QaZ3nLkdIwHu7ixR2c8bT0p", "customer.updated", "cus_QhX1aB2cD3eF4g", "ada@example.com");
        engine.webhooks().receive(engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, late)));
        engine.webhooks().receive(engine.webhooks().check("stripe", stripe(STRIPE_SECRET, now, live)));
        engine.runQueue().start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(engine.inbox().list(
                InboxQuery.oldest(10).withTarget("sync:stripe-customers-to-hubspot"))).hasSize(2)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(InboxEvent.Status.DONE)));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/customers/cus_R2dE5fG6hI7jK8")));
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")));
        api.verify(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")).withRequestBody(equalToJson("""
                {"inputs": [{"idProperty": "email", "id": "ada.lovelace@example.com", "objectWriteTraceId": "cus_QhX1aB2cD3eF4g",
                  "properties": {"email": "ada.lovelace@example.com", "firstname": "Ada", "lastname": "Lovelace"}}]}""")));
        assertThat(engine.deadLetters().list("stripe-customers-to-hubspot", null, null, 10)).as("the deleted customer is no dead letter").isEmpty();
    }

    /** Stripe has customer cus_QhX1aB2cD3eF4g with a newer email than its events carry; HubSpot upserts her as a new contact. */
    private void stubAdaAtStripeAndHubSpot() {
        api.stubFor(get(urlPathEqualTo("/v1/customers/cus_QhX1aB2cD3eF4g")).willReturn(okJson("""
                {"id": "cus_QhX1aB2cD3eF4g", "object": "customer", "email": "ada.lovelace@example.com", "name": "Ada Lovelace",
                 "phone": null, "created": 1762077000, "livemode": false, "metadata": {}}""")));
        api.stubFor(post("/crm/v3/objects/contacts/batch/upsert").willReturn(okJson("""
                {"status": "COMPLETE", "results": [{"id": "101", "objectWriteTraceId": "cus_QhX1aB2cD3eF4g", "new": true, "archived": false,
                 "properties": {}, "createdAt": "2026-11-02T10:00:00.000Z", "updatedAt": "2026-11-02T10:00:00.000Z"}]}""")));
    }

    // ---- the providers' deliveries, signed as each provider documents it (not with Junction's code)

    private static String stripeEvent(String id, String type, String customer, String email) {
        return """
                {"id": "%s", "object": "event", "api_version": "2024-06-20", "created": 1762077600,
                 "data": {"object": {"id": "%s", "object": "customer", "email": "%s", "name": "Ada Lovelace", "phone": null,
                                     "created": 1762077000, "livemode": false, "metadata": {}},
                          "previous_attributes": {"name": "Ada"}},
                 "livemode": false, "pending_webhooks": 1, "request": {"id": "req_8Hq2sLm4Nd0aB1", "idempotency_key": null}, "type": "%s"}"""
                .formatted(id, customer, email, type);
    }

    /** Stripe: {@code Stripe-Signature: t=TIMESTAMP,v1=HEX(HMAC-SHA256(secret, "TIMESTAMP.BODY"))}, the whsec_ secret used as it is. */
    private static WebhookDelivery stripe(String secret, long timestamp, String body) {
        String v1 = HexFormat.of().formatHex(hmac("HmacSHA256", secret, timestamp + "." + body));
        // test mode adds a v0 signature made with another key; only v1 counts
        String v0 = HexFormat.of().formatHex(hmac("HmacSHA256", "whsec_test_mode_v0", timestamp + "." + body));
        return delivery("POST", null, body, "Content-Type", "application/json; charset=utf-8", "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                "Stripe-Signature", "t=" + timestamp + ",v1=" + v1 + ",v0=" + v0);
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=HEX(HMAC-SHA256(secret, body))}, beside the legacy SHA-1 one. */
    private static WebhookDelivery github(String secret, String guid, String event, String body) {
        return delivery("POST", null, body, "Content-Type", "application/json", "User-Agent", "GitHub-Hookshot/044aadd",
                "X-GitHub-Delivery", guid, "X-GitHub-Event", event, "X-GitHub-Hook-ID", "123456789",
                "X-GitHub-Hook-Installation-Target-ID", "1296270", "X-GitHub-Hook-Installation-Target-Type", "repository",
                "X-Hub-Signature", "sha1=" + HexFormat.of().formatHex(hmac("HmacSHA1", secret, body)),
                "X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body)));
    }

    /** Slack: {@code X-Slack-Signature: v0=HEX(HMAC-SHA256(signing secret, "v0:TIMESTAMP:BODY"))}. */
    private static WebhookDelivery slack(String secret, long timestamp, String body) {
        return delivery("POST", null, body, "Content-Type", "application/json", "User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)",
                "X-Slack-Request-Timestamp", Long.toString(timestamp),
                "X-Slack-Signature", "v0=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, "v0:" + timestamp + ":" + body)));
    }

    /**
     * HubSpot v3: {@code X-HubSpot-Signature-v3: BASE64(HMAC-SHA256(client secret, method + URI + body + timestamp))}, the URI being the
     * URL {@code signedUrl} with the escapes HubSpot lists decoded, the timestamp in milliseconds; sent to {@code calledUrl}. The v1
     * signature (SHA-256 of the secret and the body) comes along, as HubSpot sends it.
     */
    private static WebhookDelivery hubspot(String secret, String signedUrl, String calledUrl, long millis, String body) {
        String uri = signedUrl;
        for (String[] escape : new String[][] {{"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"}, {"%27", "'"},
                {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}}) {
            uri = uri.replace(escape[0], escape[1]);
        }
        String v3 = Base64.getEncoder().encodeToString(hmac("HmacSHA256", secret, "POST" + uri + body + millis));
        String v1;
        try {
            v1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((secret + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return delivery("POST", calledUrl, body, "Content-Type", "application/json",
                "User-Agent", "HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor",
                "X-HubSpot-Signature-Version", "v1", "X-HubSpot-Signature", v1, "X-HubSpot-Signature-v3", v3,
                "X-HubSpot-Request-Timestamp", Long.toString(millis), "X-HubSpot-Timeout-Millis", "10000");
    }

    /** Shopify: {@code X-Shopify-Hmac-Sha256: BASE64(HMAC-SHA256(client secret, body))}, with its topic, shop and event id. */
    private static WebhookDelivery shopify(String secret, String topic, String body) {
        return delivery("POST", null, body, "Content-Type", "application/json", "X-Shopify-Topic", topic,
                "X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac("HmacSHA256", secret, body)),
                "X-Shopify-Shop-Domain", "northwind.myshopify.com", "X-Shopify-API-Version", "2024-10",
                "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "X-Shopify-Event-Id", "e8a2c1f0-5b7d-4e39-9c61-0d4f2b8a7e13",
                "X-Shopify-Triggered-At", "2026-11-02T15:05:00.123456789Z");
    }

    private static WebhookDelivery delivery(String method, String url, String body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (url != null && url.contains("?")) {
            for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.computeIfAbsent(java.net.URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8), n -> new ArrayList<>())
                        .add(nameValue.length < 2 ? "" : java.net.URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
            }
        }
        return new WebhookDelivery(method, url, h, query, body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private static byte[] hmac(String algorithm, String key, String content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
