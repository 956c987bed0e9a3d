package dev.junction.webhook;

import static dev.junction.webhook.Hooks.hmac;
import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Schemes that sign the URL the provider called (HubSpot v3, Twilio, Square through the generic
 * scheme), timestamps in milliseconds, and deliveries that carry several events — against
 * signatures computed here from each vendor's description, and Twilio's published example.
 */
class UrlSignedSchemesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final WebhookResult.Rejected URL_MISMATCH = new WebhookResult.Rejected(401, "signature does not match; this scheme signs"
            + " the URL the provider called, so check that the server's publicBaseUrl is the address given to the provider");

    private static WebhookDelivery delivery(String method, String url, Map<String, String> headers, String contentType, String body, Instant at) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((name, value) -> h.put(name, List.of(value)));
        h.put("Content-Type", List.of(contentType));
        Map<String, List<String>> query = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.computeIfAbsent(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8), n -> new java.util.ArrayList<>())
                        .add(java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return new WebhookDelivery(method, url, h, query, utf8(body), at);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    // Twilio's security documentation (twilio-php's validation guide): auth token 12345, this URL and these POST fields
    private static final String TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String TWILIO_FORM = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    private static final String TWILIO_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String TWILIO = "verify: { scheme: twilio, secret: \"{{ secrets.current }}\" }";

    @Test
    void acceptsTwiliosPublishedExampleAndTakesTheEventIdFromItsIdempotencyHeader() {
        WebhookResult result = verifier(TWILIO, "12345", "unused").verify(delivery("POST", TWILIO_URL,
                Map.of("X-Twilio-Signature", TWILIO_SIGNATURE, "I-Twilio-Idempotency-Token", "idem-1"), FORM, TWILIO_FORM, NOW));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("idem-1");
            assertThat(a.payload().get("Caller").asText()).isEqualTo("+14158675309");
        });
    }

    @Test
    void refusesTwilioDeliveriesWhoseFieldsOrUrlAreNotWhatWasSigned() {
        WebhookVerifier verifier = verifier(TWILIO, "12345", "unused");
        Map<String, String> headers = Map.of("X-Twilio-Signature", TWILIO_SIGNATURE, "I-Twilio-Idempotency-Token", "idem-1");

        assertThat(verifier.verify(delivery("POST", TWILIO_URL, headers, FORM, TWILIO_FORM.replace("Digits=1234", "Digits=9999"), NOW)))
                .isEqualTo(URL_MISMATCH);
        assertThat(verifier.verify(delivery("POST", TWILIO_URL.replace("foo=1", "foo=2"), headers, FORM, TWILIO_FORM, NOW)))
                .isEqualTo(URL_MISMATCH);
        assertThat(verifier(TWILIO, "54321", "unused").verify(delivery("POST", TWILIO_URL, headers, FORM, TWILIO_FORM, NOW)))
                .isEqualTo(URL_MISMATCH);
        WebhookDelivery noUrl = new WebhookDelivery("POST", Map.of("X-Twilio-Signature", List.of(TWILIO_SIGNATURE), "Content-Type", List.of(FORM)),
                Map.of(), utf8(TWILIO_FORM), NOW);
        assertThat(verifier.verify(noUrl)).isEqualTo(new WebhookResult.Rejected(401,
                "the URL the provider called is not known here, so its signature over the URL cannot be checked"));
    }

    @Test
    void acceptsATwilioJsonBodyOnlyWhenItMatchesTheSignedBodySha256() throws Exception {
        String body = "{\"CallSid\":\"CA1234567890ABCDE\",\"Caller\":\"+12349013030\"}";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(body)));
        String url = "https://hooks.example.com/hooks/twilio-main?bodySHA256=" + hash;
        Map<String, String> headers = Map.of("X-Twilio-Signature", base64(hmac("HmacSHA1", utf8("token-1"), url)),
                "I-Twilio-Idempotency-Token", "idem-2");
        WebhookVerifier verifier = verifier(TWILIO, "token-1", "unused");

        assertThat(verifier.verify(delivery("POST", url, headers, "application/json", body, NOW))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier.verify(delivery("POST", url, headers, "application/json", body.replace("3030", "3031"), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "the body does not match the bodySHA256 query parameter"));
        String bare = "https://hooks.example.com/hooks/twilio-main";
        Map<String, String> unsignedBody = Map.of("X-Twilio-Signature", base64(hmac("HmacSHA1", utf8("token-1"), bare)), "I-Twilio-Idempotency-Token", "i");
        assertThat(verifier.verify(delivery("POST", bare, unsignedBody, "application/json", body, NOW))).isEqualTo(new WebhookResult.Rejected(401,
                "a body that is not form fields is signed only through the bodySHA256 query parameter, which is missing"));
    }

    private static final String HUBSPOT = """
            verify: { scheme: hubspot, secret: "{{ secrets.current }}" }
            recordKey: $.objectId
            tenant: $.portalId
            """;
    private static final String HUBSPOT_BODY = """
            [{"eventId":1001,"subscriptionId":7,"portalId":62515,"appId":55,"occurredAt":1765098000000,"subscriptionType":"contact.propertyChange",\
            "attemptNumber":0,"objectId":123,"propertyName":"email","propertyValue":"a@example.com","changeSource":"CRM"},\
            {"eventId":1002,"subscriptionId":8,"portalId":62516,"appId":55,"occurredAt":1765098000100,"subscriptionType":"contact.creation",\
            "attemptNumber":0,"objectId":456,"changeSource":"CRM"}]""";

    /** HubSpot's v3 signature as its documentation describes it: the URI with a few escapes decoded, then the milliseconds. */
    private static Map<String, String> hubspotSigned(String secret, String method, String signedUri, String body, long millis) {
        return Map.of("X-HubSpot-Signature-v3", base64(hmac("HmacSHA256", utf8(secret), method + signedUri + body + millis)),
                "X-HubSpot-Request-Timestamp", Long.toString(millis));
    }

    @Test
    void acceptsAHubSpotDeliveryAsEachOfItsEventsWithTheirOwnIdsTypesKeysAndPortals() {
        String url = "https://hooks.example.com/hooks/app/hubspot";
        WebhookResult result = verifier(HUBSPOT, "client-secret", "unused").verify(delivery("POST", url,
                hubspotSigned("client-secret", "POST", url, HUBSPOT_BODY, NOW.toEpochMilli()), "application/json", HUBSPOT_BODY, NOW));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Events.class, e -> {
            assertThat(e.events()).extracting(WebhookResult.Accepted::eventId).containsExactly("7:1001:1765098000000", "8:1002:1765098000100");
            assertThat(e.events()).extracting(WebhookResult.Accepted::eventType).containsExactly("contact.propertyChange", "contact.creation");
            assertThat(e.events()).extracting(WebhookResult.Accepted::recordKey).containsExactly("123", "456");
            assertThat(e.events()).extracting(WebhookResult.Accepted::routing).containsExactly("62515", "62516");
            assertThat(e.events().get(1).payload().get("objectId").asLong()).isEqualTo(456);
        });
    }

    @Test
    void signsTheHubSpotUriWithItsListedEscapesDecodedAndChecksTheMethodAndTheMillisecondTimestamp() {
        WebhookVerifier verifier = verifier(HUBSPOT, "client-secret", "unused");
        String url = "https://hooks.example.com/hooks/app/hubspot?state=a%3Ab%2Fc%20d";
        String signed = "https://hooks.example.com/hooks/app/hubspot?state=a:b/c%20d";
        long now = NOW.toEpochMilli();

        assertThat(verifier.verify(delivery("POST", url, hubspotSigned("client-secret", "POST", signed, HUBSPOT_BODY, now), "application/json",
                HUBSPOT_BODY, NOW))).isInstanceOf(WebhookResult.Events.class);
        assertThat(verifier.verify(delivery("POST", url, hubspotSigned("client-secret", "PUT", signed, HUBSPOT_BODY, now), "application/json",
                HUBSPOT_BODY, NOW))).isEqualTo(URL_MISMATCH);
        assertThat(verifier.verify(delivery("POST", url, hubspotSigned("client-secret", "POST", url, HUBSPOT_BODY, now), "application/json",
                HUBSPOT_BODY, NOW))).as("signed with the escapes left in").isEqualTo(URL_MISMATCH);
        long stale = now - 300_001 - 999;
        assertThat(verifier.verify(delivery("POST", url, hubspotSigned("client-secret", "POST", signed, HUBSPOT_BODY, stale), "application/json",
                HUBSPOT_BODY, NOW))).isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        long recent = now - 299_000;
        assertThat(verifier.verify(delivery("POST", url, hubspotSigned("client-secret", "POST", signed, HUBSPOT_BODY, recent), "application/json",
                HUBSPOT_BODY, NOW))).isInstanceOf(WebhookResult.Events.class);
        Map<String, String> inSeconds = hubspotSigned("client-secret", "POST", signed, HUBSPOT_BODY, NOW.getEpochSecond());
        assertThat(verifier.verify(delivery("POST", url, inSeconds, "application/json", HUBSPOT_BODY, NOW)))
                .as("a timestamp in seconds is 56 years old in milliseconds")
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
    }

    @Test
    void refusesTheWholeDeliveryWhenOneOfItsEventsCannotBeRead() {
        String body = "[{\"eventId\":1,\"subscriptionId\":7,\"occurredAt\":1765098000000,\"subscriptionType\":\"contact.creation\",\"objectId\":1,"
                + "\"portalId\":1},{\"eventId\":2,\"subscriptionId\":7,\"subscriptionType\":\"contact.creation\"}]";
        String url = "https://hooks.example.com/hooks/app/hubspot";

        assertThat(verifier(HUBSPOT, "s", "unused").verify(delivery("POST", url, hubspotSigned("s", "POST", url, body, NOW.toEpochMilli()),
                "application/json", body, NOW))).isEqualTo(new WebhookResult.Rejected(400, "event 2 of 2 at $: no event id at $.subscriptionId + $.eventId + $.occurredAt"));
        String object = "{\"eventId\":1}";
        assertThat(verifier(HUBSPOT, "s", "unused").verify(delivery("POST", url, hubspotSigned("s", "POST", url, object, NOW.toEpochMilli()),
                "application/json", object, NOW))).isEqualTo(new WebhookResult.Rejected(400, "expected a list of events at $ but found object"));
        assertThat(verifier(HUBSPOT, "s", "unused").verify(delivery("POST", url, hubspotSigned("s", "POST", url, "[]", NOW.toEpochMilli()),
                "application/json", "[]", NOW))).isEqualTo(new WebhookResult.Events(List.of()));
    }

    @Test
    void signsTheUrlAndTheBodyAsSquareDoesThroughTheGenericScheme() {
        String yaml = """
                verify:
                  scheme: hmac
                  secret: "{{ secrets.current }}"
                  header: x-square-hmacsha256-signature
                  encoding: base64
                  signedContent: "{{ url }}{{ body }}"
                eventId: $.event_id
                eventType: $.type
                events: $.events
                """;
        String body = "{\"events\":[{\"event_id\":\"e1\",\"type\":\"payment.updated\"},{\"event_id\":\"e2\",\"type\":\"payment.created\"}]}";
        String url = "https://hooks.example.com/hooks/square-main";
        Map<String, String> headers = Map.of("x-square-hmacsha256-signature", base64(hmac("HmacSHA256", utf8("sq-key"), url + body)));

        assertThat(verifier(yaml, "sq-key", "unused").verify(delivery("POST", url, headers, "application/json", body, NOW)))
                .isInstanceOfSatisfying(WebhookResult.Events.class, e -> assertThat(e.events()).extracting(WebhookResult.Accepted::eventType)
                        .containsExactly("payment.updated", "payment.created"));
        assertThat(verifier(yaml, "sq-key", "unused").verify(delivery("POST", url + "x", headers, "application/json", body, NOW)))
                .isEqualTo(URL_MISMATCH);
    }

    @Test
    void readsAGenericTimestampInMillisecondsAndSignsTheMethod() {
        String yaml = """
                verify:
                  scheme: hmac
                  secret: "{{ secrets.current }}"
                  header: X-Signature
                  timestampHeader: X-Timestamp
                  timestampUnit: milliseconds
                  signedContent: "{{ method }} {{ url }} {{ timestamp }} {{ body }}"
                eventId: $.id
                """;
        String url = "https://hooks.example.com/hooks/x";
        String body = "{\"id\":\"e1\"}";
        long millis = NOW.toEpochMilli() - 1_500;
        Map<String, String> headers = Map.of("X-Signature", Hooks.hex(hmac("HmacSHA256", utf8("k"), "POST " + url + " " + millis + " " + body)),
                "X-Timestamp", Long.toString(millis));

        assertThat(verifier(yaml, "k", "unused").verify(delivery("POST", url, headers, "application/json", body, NOW))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier(yaml, "k", "unused").verify(delivery("POST", url, Map.of("X-Signature", "00", "X-Timestamp", "12.5"), "application/json", body, NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed timestamp; expected Unix time in milliseconds"));
    }
}
