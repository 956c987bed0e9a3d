package dev.junction.webhook;

import static dev.junction.webhook.Hooks.hmac;
import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's older signatures, v1 (SHA-256 of the secret and the body) and v2 (of the secret, the
 * method, the URL and the body), next to v3: HubSpot's documented examples, digests computed here
 * with {@link MessageDigest}, and which version a connector lets through.
 */
class HubSpotVersionsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String URL = "https://hooks.example.com/hooks/hubspot-main";
    // HubSpot's v1 request validation page: this client secret and body give this hash
    private static final String DOCUMENTED_V1_BODY = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
            + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]";
    private static final String DOCUMENTED_V1_HASH = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
    // HubSpot's v2 request validation page: the same secret, POST to this URI with this body
    private static final String DOCUMENTED_V2_URL = "https://www.example.com/webhook_uri";
    private static final String DOCUMENTED_V2_BODY = "{\"example_field\":\"example_value\"}";
    private static final String DOCUMENTED_V2_HASH = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";

    private static String yaml(String version) {
        return "verify: { scheme: hubspot, secret: \"{{ secrets.current }}\"" + (version == null ? "" : ", version: " + version) + " }";
    }

    private static WebhookDelivery delivery(String method, String url, Map<String, String> headers, String body) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((name, value) -> h.put(name, List.of(value)));
        h.put("Content-Type", List.of("application/json"));
        return new WebhookDelivery(method, url, h, Map.of(), utf8(body), NOW);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> v1(String secret, String body) {
        return Map.of("X-HubSpot-Signature", sha256Hex(secret + body), "X-HubSpot-Signature-Version", "v1");
    }

    private static Map<String, String> v3(String secret, String method, String url, String body, long millis) {
        return Map.of("X-HubSpot-Signature-v3", Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8(secret), method + url + body + millis)),
                "X-HubSpot-Request-Timestamp", Long.toString(millis));
    }

    @Test
    void acceptsHubSpotsDocumentedV1ExampleAsItsListOfEvents() {
        WebhookResult result = verifier(yaml("v1"), SECRET, "unused").verify(delivery("POST", URL,
                Map.of("X-HubSpot-Signature", DOCUMENTED_V1_HASH, "X-HubSpot-Signature-Version", "v1"), DOCUMENTED_V1_BODY));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Events.class, e -> {
            assertThat(e.events()).singleElement().satisfies(a -> {
                assertThat(a.eventId()).isEqualTo("12345:1:1564113600000");
                assertThat(a.eventType()).isEqualTo("contact.creation");
            });
        });
        assertThat(sha256Hex(SECRET + DOCUMENTED_V1_BODY)).isEqualTo(DOCUMENTED_V1_HASH);
    }

    @Test
    void acceptsHubSpotsDocumentedV2ExampleWhichSignsTheMethodAndTheUrlAsCalled() {
        WebhookVerifier verifier = verifier(yaml("v2") + "\neventId: $.example_field", SECRET, "unused");
        Map<String, String> headers = Map.of("X-HubSpot-Signature", DOCUMENTED_V2_HASH, "X-HubSpot-Signature-Version", "v2");

        assertThat(verifier.verify(delivery("POST", DOCUMENTED_V2_URL, headers, DOCUMENTED_V2_BODY)))
                .isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> assertThat(a.eventId()).isEqualTo("example_value"));
        assertThat(verifier.verify(delivery("PUT", DOCUMENTED_V2_URL, headers, DOCUMENTED_V2_BODY)))
                .isInstanceOf(WebhookResult.Rejected.class);
        assertThat(verifier.verify(delivery("POST", DOCUMENTED_V2_URL + "?a=1", headers, DOCUMENTED_V2_BODY)))
                .isInstanceOf(WebhookResult.Rejected.class);
        String computed = sha256Hex(SECRET + "POST" + DOCUMENTED_V2_URL + DOCUMENTED_V2_BODY);
        assertThat(computed).isEqualTo(DOCUMENTED_V2_HASH);
    }

    @Test
    void refusesAV1DeliveryWhoseBodyOrSecretDiffersAndTakesThePreviousSecret() {
        WebhookVerifier verifier = verifier("verify: { scheme: hubspot, version: v1, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }",
                "new-secret", "old-secret");

        assertThat(verifier.verify(delivery("POST", URL, v1("old-secret", DOCUMENTED_V1_BODY), DOCUMENTED_V1_BODY)))
                .isInstanceOf(WebhookResult.Events.class);
        assertThat(verifier.verify(delivery("POST", URL, v1("new-secret", DOCUMENTED_V1_BODY), DOCUMENTED_V1_BODY.replace("123", "124"))))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(delivery("POST", URL, v1("other", DOCUMENTED_V1_BODY), DOCUMENTED_V1_BODY)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(delivery("POST", URL, Map.of("X-HubSpot-Signature", sha256Hex("new-secret" + DOCUMENTED_V1_BODY),
                "X-HubSpot-Signature-Version", "v2"), DOCUMENTED_V1_BODY))).isEqualTo(new WebhookResult.Rejected(401,
                "header X-HubSpot-Signature-Version names another signature version than v1, the one this connector checks (webhooks.verify.version)"));
        assertThat(verifier.verify(delivery("POST", URL, Map.of("X-HubSpot-Signature", "zz"), DOCUMENTED_V1_BODY)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed header X-HubSpot-Signature; expected a hex signature"));
    }

    @Test
    void aV1SignatureIsNeverEnoughForTheDefaultV3() {
        // HubSpot sends v1 beside v3; a captured delivery stripped of v3 (and so of its timestamp) must not pass
        WebhookResult result = verifier(yaml(null), SECRET, "unused").verify(delivery("POST", URL, v1(SECRET, DOCUMENTED_V1_BODY), DOCUMENTED_V1_BODY));

        assertThat(result).isEqualTo(new WebhookResult.Rejected(401, "missing header X-HubSpot-Signature-v3"));
    }

    @Test
    void withAnyTheV3SignatureDecidesWheneverItIsSentElseTheNamedOlderVersion() {
        WebhookVerifier verifier = verifier(yaml("any"), SECRET, "unused");
        long old = NOW.minus(Duration.ofHours(1)).toEpochMilli();
        Map<String, String> staleV3WithValidV1 = new LinkedHashMap<>(v3(SECRET, "POST", URL, DOCUMENTED_V1_BODY, old));
        staleV3WithValidV1.putAll(v1(SECRET, DOCUMENTED_V1_BODY));

        assertThat(verifier.verify(delivery("POST", URL, v3(SECRET, "POST", URL, DOCUMENTED_V1_BODY, NOW.toEpochMilli()), DOCUMENTED_V1_BODY)))
                .isInstanceOf(WebhookResult.Events.class);
        assertThat(verifier.verify(delivery("POST", URL, staleV3WithValidV1, DOCUMENTED_V1_BODY)))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        assertThat(verifier.verify(delivery("POST", URL, v1(SECRET, DOCUMENTED_V1_BODY), DOCUMENTED_V1_BODY))).isInstanceOf(WebhookResult.Events.class);
        assertThat(verifier.verify(delivery("POST", URL, Map.of("X-HubSpot-Signature", sha256Hex(SECRET + "POST" + URL + DOCUMENTED_V1_BODY),
                "X-HubSpot-Signature-Version", "v2"), DOCUMENTED_V1_BODY))).isInstanceOf(WebhookResult.Events.class);
        assertThat(verifier.verify(delivery("POST", URL, Map.of("X-HubSpot-Signature", sha256Hex(SECRET + DOCUMENTED_V1_BODY)), DOCUMENTED_V1_BODY)))
                .isEqualTo(new WebhookResult.Rejected(401, "missing header X-HubSpot-Signature-v3 (or X-HubSpot-Signature with X-HubSpot-Signature-Version)"));
        assertThat(verifier.verify(delivery("POST", URL, Map.of("X-HubSpot-Signature", "ab", "X-HubSpot-Signature-Version", "v9"), DOCUMENTED_V1_BODY)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed header X-HubSpot-Signature-Version; expected v1 or v2"));
    }
}
