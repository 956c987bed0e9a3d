package dev.junction.webhook;

import static dev.junction.webhook.Hooks.hex;
import static dev.junction.webhook.Hooks.hmac;
import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.WebhookSpec;
import dev.junction.webhook.internal.Handshakes;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shopify (topic and shop in headers), Mailgun (its signature in the body), Zoom (its signed endpoint check answered with the token's
 * HMAC, events without ids), and Meta (a GET challenge answered only for the connection's verify
 * token, batched entries without ids) — signed here from each vendor's description.
 */
class ProviderHandshakesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void readsAShopifyDeliverysIdTopicAndShopFromItsHeaders() {
        String yaml = """
                verify: { scheme: shopify, secret: "{{ secrets.current }}" }
                tenant: { header: X-Shopify-Shop-Domain }
                recordKey: $.id
                """;
        String body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"total_price\":\"199.65\"}";
        Map<String, String> headers = Map.of("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8("shpss_secret"), body)),
                "X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5", "X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", "northwind.myshopify.com", "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");

        assertThat(verifier(yaml, "shpss_secret", "unused").verify(WebhookDelivery.post(headers, utf8(body), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
                    assertThat(a.eventId()).isEqualTo("98880550-7158-44d4-b7cd-2c97c8a091b5");
                    assertThat(a.eventType()).isEqualTo("orders/create");
                    assertThat(a.routing()).isEqualTo("northwind.myshopify.com");
                    assertThat(a.recordKey()).isEqualTo("820982911946154508");
                });
        assertThat(verifier(yaml, "other", "unused").verify(WebhookDelivery.post(headers, utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }

    private static Map<String, String> zoomSigned(String secret, long ts, String body) {
        return Map.of("x-zm-signature", "v0=" + hex(hmac("HmacSHA256", utf8(secret), "v0:" + ts + ":" + body)), "x-zm-request-timestamp", Long.toString(ts));
    }

    @Test
    void answersZoomsSignedEndpointCheckWithTheTokenAndItsHmac() throws Exception {
        WebhookVerifier zoom = verifier("verify: { scheme: zoom, secret: \"{{ secrets.current }}\" }", "zoom-secret-token", "unused");
        String body = "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}";

        WebhookResult result = zoom.verify(WebhookDelivery.post(zoomSigned("zoom-secret-token", NOW.getEpochSecond(), body), utf8(body), NOW));

        assertThat(result).isInstanceOf(WebhookResult.Handshake.class);
        WebhookResult.Handshake handshake = (WebhookResult.Handshake) result;
        assertThat(handshake.contentType()).isEqualTo("application/json");
        var answer = new ObjectMapper().readTree(handshake.body());
        assertThat(answer.get("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.get("encryptedToken").asText()).isEqualTo(hex(hmac("HmacSHA256", utf8("zoom-secret-token"), "qgg8vlvZRS6UYooatFL8Aw")));
        assertThat(zoom.verify(WebhookDelivery.post(zoomSigned("forged", NOW.getEpochSecond(), body), utf8(body), NOW)))
                .as("the check is signed like any delivery").isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }

    @Test
    void takesAZoomEventsDigestAsItsIdSoThatARedeliveryIsRecognized() {
        WebhookVerifier zoom = verifier("verify: { scheme: zoom, secret: \"{{ secrets.current }}\" }\nrecordKey: $.payload.object.id\n", "s", "unused");
        String body = "{\"event\":\"meeting.started\",\"event_ts\":1765098000000,\"payload\":{\"account_id\":\"a1\",\"object\":{\"id\":\"85746065432\"}}}";
        String other = body.replace("1765098000000", "1765098000001");

        WebhookResult first = zoom.verify(WebhookDelivery.post(zoomSigned("s", NOW.getEpochSecond(), body), utf8(body), NOW));
        WebhookResult again = zoom.verify(WebhookDelivery.post(zoomSigned("s", NOW.getEpochSecond() + 60, body), utf8(body), NOW.plusSeconds(60)));
        WebhookResult next = zoom.verify(WebhookDelivery.post(zoomSigned("s", NOW.getEpochSecond(), other), utf8(other), NOW));

        assertThat(first).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).hasSize(64).matches("[0-9a-f]+");
            assertThat(a.eventType()).isEqualTo("meeting.started");
            assertThat(a.recordKey()).isEqualTo("85746065432");
        });
        assertThat(((WebhookResult.Accepted) again).eventId()).isEqualTo(((WebhookResult.Accepted) first).eventId());
        assertThat(((WebhookResult.Accepted) next).eventId()).isNotEqualTo(((WebhookResult.Accepted) first).eventId());
    }

    private static final String META = """
            kind: Connector
            name: whatsapp
            baseUrl: https://graph.facebook.com/v21.0
            secrets:
              appSecret: {}
              verifyToken: {}
            webhooks:
              verify: { scheme: hmac, header: X-Hub-Signature-256, prefix: "sha256=", secret: "{{ secrets.appSecret }}" }
              events: $.entry
              eventId: { digest: sha256 }
              recordKey: $.id
              handshake:
                query: hub.challenge
                when:
                  - { query: hub.mode, equals: subscribe }
                  - { query: hub.verify_token, equals: "{{ secrets.verifyToken }}" }
                signed: false
            """;

    private static WebhookVerifier meta() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("whatsapp.yaml", META)));
        assertThat(loaded.problems()).isEmpty();
        Map<String, String> values = Map.of("secrets.appSecret", "app-secret", "secrets.verifyToken", "meatyhamhock");
        return WebhookVerifier.create(loaded.connectors().get("whatsapp").webhooks(), values::get);
    }

    private static WebhookDelivery get(String challenge, String token) {
        return get("subscribe", challenge, token);
    }

    private static WebhookDelivery get(String mode, String challenge, String token) {
        return new WebhookDelivery("GET", Map.of(), Map.of("hub.mode", List.of(mode), "hub.challenge", List.of(challenge),
                "hub.verify_token", List.of(token)), new byte[0], NOW);
    }

    @Test
    void answersMetasChallengeOnlyWhenEveryConditionHolds() {
        assertThat(meta().verify(get("unsubscribe", "1158201444", "meatyhamhock"))).as("another hub.mode is no challenge")
                .isEqualTo(new WebhookResult.Rejected(401, "missing header X-Hub-Signature-256"));
        assertThat(meta().verify(get("subscribe", "1158201444", "{{ secrets.verifyToken }}"))).as("the template's own text is no token")
                .isEqualTo(new WebhookResult.Rejected(401, "missing header X-Hub-Signature-256"));
        WebhookSpec.Handshake handshake = new SpecLoader().loadTexts(List.of(new SourceText("whatsapp.yaml", META)))
                .connectors().get("whatsapp").webhooks().handshake();
        Handshakes unresolved = new Handshakes(handshake, List.of(), "app-secret", null);
        assertThat(unresolved.answer(get("subscribe", "1158201444", "{{ secrets.verifyToken }}"), null))
                .as("a condition naming a secret whose value was not given holds for nothing").isNull();
    }

    @Test
    void answersMetasChallengeOnlyForTheConnectionsVerifyToken() {
        assertThat(meta().verify(get("1158201444", "meatyhamhock"))).isEqualTo(new WebhookResult.Handshake(200, "text/plain", "1158201444"));
        assertThat(meta().verify(get("1158201444", "meatyhamhocks"))).as("another token is no challenge: a delivery without its signature")
                .isEqualTo(new WebhookResult.Rejected(401, "missing header X-Hub-Signature-256"));
    }

    @Test
    void readsEachEntryOfAMetaDeliveryAsAnEventIdentifiedByItsDigest() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messages\":[{\"id\":\"wamid.A\",\"text\":{\"body\":\"hi\"}}]}}]},{\"id\":\"102290129340398\",\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.B\",\"status\":\"delivered\"}]}}]}]}";
        Map<String, String> headers = Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", utf8("app-secret"), body)));

        assertThat(meta().verify(WebhookDelivery.post(headers, utf8(body), NOW))).isInstanceOfSatisfying(WebhookResult.Events.class, e -> {
            assertThat(e.events()).hasSize(2);
            assertThat(e.events()).extracting(WebhookResult.Accepted::recordKey).containsExactly("102290129340398", "102290129340398");
            assertThat(e.events().get(0).eventId()).isNotEqualTo(e.events().get(1).eventId());
        });
    }

    private static String mailgun(String key, long ts, String token, String eventId) {
        String signature = hex(hmac("HmacSHA256", utf8(key), ts + token));
        return "{\"signature\":{\"timestamp\":\"" + ts + "\",\"token\":\"" + token + "\",\"signature\":\"" + signature + "\"},"
                + "\"event-data\":{\"event\":\"delivered\",\"id\":\"" + eventId + "\",\"recipient\":\"alice@example.com\"}}";
    }

    @Test
    void checksMailgunsSignatureFromTheBodyAndReadsItsEventData() {
        WebhookVerifier verifier = verifier("verify: { scheme: mailgun, secret: \"{{ secrets.current }}\" }\nrecordKey: $['event-data'].recipient\n",
                "mg-signing-key", "unused");
        long now = NOW.getEpochSecond();
        String token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";

        assertThat(verifier.verify(WebhookDelivery.post(Map.of("Content-Type", "application/json"), utf8(mailgun("mg-signing-key", now, token, "Ase7i2zsRYeDXztHGENqRA")), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
                    assertThat(a.eventId()).isEqualTo("Ase7i2zsRYeDXztHGENqRA");
                    assertThat(a.eventType()).isEqualTo("delivered");
                    assertThat(a.recordKey()).isEqualTo("alice@example.com");
                });
        assertThat(verifier.verify(WebhookDelivery.post(Map.of(), utf8(mailgun("another-key", now, token, "e1")), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(WebhookDelivery.post(Map.of(), utf8(mailgun("mg-signing-key", now - 301, token, "e1")), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        assertThat(verifier.verify(WebhookDelivery.post(Map.of(), utf8("{\"event-data\":{\"id\":\"e1\"}}"), NOW))).isEqualTo(new WebhookResult.Rejected(401,
                "missing signature: expected signature.timestamp, signature.token and signature.signature in the body"));
        String form = "timestamp=" + now + "&token=" + token + "&signature=" + hex(hmac("HmacSHA256", utf8("mg-signing-key"), now + token))
                + "&event=delivered&recipient=alice%40example.com";
        WebhookVerifier legacy = verifier("verify: { scheme: mailgun, secret: \"{{ secrets.current }}\" }\neventId: $.token\neventType: $.event\n",
                "mg-signing-key", "unused");
        assertThat(legacy.verify(WebhookDelivery.post(Map.of("Content-Type", "application/x-www-form-urlencoded"), utf8(form), NOW)))
                .as("a legacy form post carries the three fields at the top").isInstanceOf(WebhookResult.Accepted.class);
    }

    @Test
    void checksZendesksSignatureOverItsIsoTimestampAndTheBody() {
        WebhookVerifier zendesk = verifier("verify: { scheme: zendesk, secret: \"{{ secrets.current }}\" }\ntenant: { header: X-Zendesk-Account-Id }\n"
                + "recordKey: $.detail.id\n", "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==", "unused");
        String body = "{\"type\":\"zen:event-type:ticket.created\",\"detail\":{\"id\":\"35436\"},\"id\":\"cbe4028c-7239-495d-b020-f22348516046\"}";
        String ts = "2026-12-07T08:59:30Z";
        Map<String, String> headers = Map.of("X-Zendesk-Webhook-Signature",
                Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8("dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="), ts + body)),
                "X-Zendesk-Webhook-Signature-Timestamp", ts, "X-Zendesk-Webhook-Invocation-Id", "8350205582", "X-Zendesk-Account-Id", "123456");

        assertThat(zendesk.verify(WebhookDelivery.post(headers, utf8(body), NOW))).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("8350205582");
            assertThat(a.eventType()).isEqualTo("zen:event-type:ticket.created");
            assertThat(a.routing()).isEqualTo("123456");
            assertThat(a.recordKey()).isEqualTo("35436");
        });
        assertThat(zendesk.verify(WebhookDelivery.post(headers, utf8(body), NOW.plusSeconds(600))))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        Map<String, String> unix = new java.util.HashMap<>(headers);
        unix.put("X-Zendesk-Webhook-Signature-Timestamp", Long.toString(NOW.getEpochSecond()));
        assertThat(zendesk.verify(WebhookDelivery.post(unix, utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed timestamp; expected an ISO 8601 time such as 2021-03-25T05:09:27Z"));
    }

    @Test
    void readsStripeLikeSignatureHeadersOfOtherProvidersThroughPairs() {
        String calendly = """
                verify:
                  scheme: hmac
                  secret: "{{ secrets.current }}"
                  header: Calendly-Webhook-Signature
                  pairs: { separator: ",", timestamp: t, signature: v1 }
                  signedContent: "{{ timestamp }}.{{ body }}"
                eventId: $.payload.uri
                eventType: $.event
                """;
        String body = "{\"event\":\"invitee.created\",\"payload\":{\"uri\":\"https://api.calendly.com/scheduled_events/ABC/invitees/DEF\"}}";
        long ts = NOW.getEpochSecond();
        Map<String, String> headers = Map.of("Calendly-Webhook-Signature", "t=" + ts + ",v1=" + hex(hmac("HmacSHA256", utf8("cal-key"), ts + "." + body)));

        assertThat(verifier(calendly, "cal-key", "unused").verify(WebhookDelivery.post(headers, utf8(body), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> assertThat(a.eventType()).isEqualTo("invitee.created"));
        assertThat(verifier(calendly, "cal-key", "unused").verify(WebhookDelivery.post(headers, utf8(body), NOW.plusSeconds(400))))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));

        String paddle = """
                verify:
                  scheme: hmac
                  secret: "{{ secrets.current }}"
                  header: Paddle-Signature
                  pairs: { separator: ";", timestamp: ts, signature: h1 }
                  signedContent: "{{ timestamp }}:{{ body }}"
                eventId: $.event_id
                eventType: $.event_type
                """;
        String event = "{\"event_id\":\"evt_01h8bzakzx3hm2fmen703n5q45\",\"event_type\":\"transaction.completed\",\"data\":{\"id\":\"txn_1\"}}";
        String signature = "ts=" + ts + ";h1=" + hex(hmac("HmacSHA256", utf8("pdl_ntfset_key"), ts + ":" + event));

        assertThat(verifier(paddle, "pdl_ntfset_key", "unused").verify(WebhookDelivery.post(Map.of("Paddle-Signature", signature), utf8(event), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> assertThat(a.eventId()).isEqualTo("evt_01h8bzakzx3hm2fmen703n5q45"));
        assertThat(verifier(paddle, "pdl_ntfset_key", "unused").verify(WebhookDelivery.post(Map.of("Paddle-Signature", "h1=abcd"), utf8(event), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed header Paddle-Signature; expected ts=TIMESTAMP and at least one h1=SIGNATURE"));
    }

    @Test
    void readsSlacksInteractivityPayloadFromItsFormField() {
        String yaml = """
                verify: { scheme: slack, secret: "{{ secrets.current }}" }
                formJson: payload
                eventId: $.trigger_id
                eventType: $.type
                recordKey: $.user.id
                tenant: $.team.id
                """;
        String json = "{\"type\":\"block_actions\",\"trigger_id\":\"13345224609.738474920.8088930838d88f008e0\",\"team\":{\"id\":\"T9TK3CUKW\"},"
                + "\"user\":{\"id\":\"UA8RXUSPL\"},\"actions\":[{\"action_id\":\"approve\",\"value\":\"42\"}]}";
        String form = "payload=" + java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp", Long.toString(ts),
                "X-Slack-Signature", "v0=" + hex(hmac("HmacSHA256", utf8("slack-signing"), "v0:" + ts + ":" + form)));

        assertThat(verifier(yaml, "slack-signing", "unused").verify(WebhookDelivery.post(headers, utf8(form), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
                    assertThat(a.eventId()).isEqualTo("13345224609.738474920.8088930838d88f008e0");
                    assertThat(a.eventType()).isEqualTo("block_actions");
                    assertThat(a.recordKey()).isEqualTo("UA8RXUSPL");
                    assertThat(a.routing()).isEqualTo("T9TK3CUKW");
                    assertThat(a.payload().path("actions").get(0).path("value").asText()).isEqualTo("42");
                });
        String other = "token=x&command=%2Fdeploy";
        Map<String, String> otherHeaders = Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp", Long.toString(ts),
                "X-Slack-Signature", "v0=" + hex(hmac("HmacSHA256", utf8("slack-signing"), "v0:" + ts + ":" + other)));
        assertThat(verifier(yaml, "slack-signing", "unused").verify(WebhookDelivery.post(otherHeaders, utf8(other), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "the form field payload is missing or not valid JSON"));
    }
}
