package dev.junction.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.EgressPolicy;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import dev.junction.spec.WebhookScheme;
import dev.junction.spec.WebhookSpec;
import dev.junction.spec.WebhookVendor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PayPal against a local server playing PayPal's certificate host: each delivery is signed here as
 * PayPal's documentation and SDKs describe (written apart from the code under test) with the key
 * of a certificate issued to messageverificationcerts.paypal.com by a certificate authority made
 * here, the fetcher's only trust anchor.
 */
class PayPalSchemeTest {
    @RegisterExtension
    static final WireMockExtension paypal = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
    private static final String CERT_PATH = "/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77";
    private static final String TRANSMISSION_ID = "69cd13f0-d67a-11e5-baa3-778b53f4ae55";
    private static final String TIME = "2026-12-07T08:59:30Z";
    /** A capture with non-ASCII text: its CRC-32 over the UTF-8 bytes is 3457342106 (Python's zlib.crc32), above 2^31. */
    private static final String BODY = "{\"id\":\"WH-2WR32451HC0233532-67976317FL4543714\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\","
            + "\"resource\":{\"id\":\"42311641XV020574X\",\"note_to_payer\":\"Merci, Zoë! 東京の注文\"}}";
    private static final String BODY_CRC32 = "3457342106";
    private static final WebhookResult.Rejected MISMATCH = new WebhookResult.Rejected(401,
            "signature does not match; check that webhooks.verify.webhookId is the id PayPal shows for this webhook");
    private static TestAuthority.Signer signer;
    private static String certificatePem;

    private WebhookFetcher fetcher;
    private static TestAuthority authority;

    @BeforeAll
    static void makePayPalsCertificate() {
        authority = TestAuthority.create(NOW);
        signer = authority.issue("messageverificationcerts.paypal.com", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), null);
        certificatePem = TestAuthority.pem(signer.certificate(), authority.intermediate());
    }

    @BeforeEach
    void serveTheCertificate() {
        paypal.stubFor(get(urlPathEqualTo(CERT_PATH)).willReturn(aResponse().withBody(certificatePem)));
        fetcher = WebhookFetcher.forTests(WebhookFetcher.newClient(), EgressPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), List.of(authority.root()),
                "127.0.0.1:" + paypal.getPort());
    }

    private WebhookVerifier verifier(String verify, String extra) {
        WebhookSpec spec = Hooks.spec("verify: " + verify + "\n" + extra);
        return WebhookVerifier.create(spec, WebhookSecrets.resolve(spec, Map.of("secrets.current", "NEWWEBHOOK1", "secrets.previous", WEBHOOK_ID)::get),
                fetcher);
    }

    private WebhookVerifier verifier() {
        return verifier("{ scheme: paypal, webhookId: " + WEBHOOK_ID + " }", "recordKey: $.resource.id");
    }

    /** The headers PayPal sends, signed for {@code webhookId} over {@code crc32} as PayPal's SDKs build the text. */
    private Map<String, String> headers(String webhookId, String crc32) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("PAYPAL-TRANSMISSION-ID", TRANSMISSION_ID);
        headers.put("PAYPAL-TRANSMISSION-TIME", TIME);
        headers.put("PAYPAL-TRANSMISSION-SIG", signer.sign("SHA256withRSA", TRANSMISSION_ID + "|" + TIME + "|" + webhookId + "|" + crc32));
        headers.put("PAYPAL-CERT-URL", "http://127.0.0.1:" + paypal.getPort() + CERT_PATH);
        headers.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        return headers;
    }

    private static WebhookDelivery delivery(Map<String, String> headers, String body) {
        return WebhookDelivery.post(headers, body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void acceptsADeliverySignedOverTheUnsignedDecimalCrc32OfItsRawBytesAsAnEventOfItsIdAndType() {
        WebhookResult result = verifier().verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("WH-2WR32451HC0233532-67976317FL4543714");
            assertThat(a.eventType()).isEqualTo("PAYMENT.CAPTURE.COMPLETED");
            assertThat(a.recordKey()).isEqualTo("42311641XV020574X");
            assertThat(a.payload().path("resource").path("note_to_payer").asText()).isEqualTo("Merci, Zoë! 東京の注文");
        });
    }

    @Test
    void refusesATamperedBodyAnotherWebhooksDeliveryAnotherTransmissionOrASignedCrc32() {
        WebhookVerifier verifier = verifier();
        Map<String, String> otherTransmission = headers(WEBHOOK_ID, BODY_CRC32);
        otherTransmission.put("PAYPAL-TRANSMISSION-ID", "69cd13f0-d67a-11e5-baa3-778b53f4ae56");

        assertThat(verifier.verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY.replace("Zoë", "Zoé")))).isEqualTo(MISMATCH);
        assertThat(verifier.verify(delivery(headers("3RP01948CY4127128", BODY_CRC32), BODY))).isEqualTo(MISMATCH);
        assertThat(verifier.verify(delivery(otherTransmission, BODY))).isEqualTo(MISMATCH);
        assertThat(verifier.verify(delivery(headers(WEBHOOK_ID, String.valueOf(3457342106L - (1L << 32))), BODY))).isEqualTo(MISMATCH);
        assertThat(verifier.verify(delivery(headers(WEBHOOK_ID, "ce12da9a"), BODY))).isEqualTo(MISMATCH); // the CRC in hex
    }

    @Test
    void acceptsTheCurrentOrThePreviousWebhookIdWhileMovingToANewWebhook() {
        WebhookVerifier verifier = verifier("{ scheme: paypal, webhookId: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }", "");

        assertThat(verifier.verify(delivery(headers("NEWWEBHOOK1", BODY_CRC32), BODY))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier.verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier.verify(delivery(headers("WEBHOOK_ID", BODY_CRC32), BODY))).isEqualTo(MISMATCH);
    }

    @Test
    void refusesAMissingHeaderASignatureThatIsNotBase64AndAnyOtherAlgorithm() {
        WebhookVerifier verifier = verifier();
        for (String header : List.of("PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG", "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO")) {
            Map<String, String> headers = headers(WEBHOOK_ID, BODY_CRC32);
            headers.remove(header);

            assertThat(verifier.verify(delivery(headers, BODY))).as(header).isEqualTo(new WebhookResult.Rejected(401, "missing header " + header));
        }
        Map<String, String> notBase64 = headers(WEBHOOK_ID, BODY_CRC32);
        notBase64.put("PAYPAL-TRANSMISSION-SIG", "not*base64!");
        assertThat(verifier.verify(delivery(notBase64, BODY))).isEqualTo(new WebhookResult.Rejected(400,
                "malformed header PAYPAL-TRANSMISSION-SIG; expected base64"));
        for (String algorithm : List.of("SHA1withRSA", "SHA512withRSA", "HmacSHA256", "none")) {
            Map<String, String> other = headers(WEBHOOK_ID, BODY_CRC32);
            other.put("PAYPAL-AUTH-ALGO", algorithm);

            assertThat(verifier.verify(delivery(other, BODY))).as(algorithm).isEqualTo(new WebhookResult.Rejected(400,
                    "header PAYPAL-AUTH-ALGO names another algorithm than SHA256withRSA, the one PayPal signs with"));
        }
        paypal.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesACertificateUrlThatIsNotPayPalsWithoutFetchingIt() {
        WebhookVerifier verifier = verifier();
        for (String url : List.of("https://api.paypal.com.evil.example" + CERT_PATH, "https://evil.example/api.paypal.com" + CERT_PATH,
                "http://api.paypal.com" + CERT_PATH, "https://api.paypal.com:8443" + CERT_PATH, "https://www.paypal.com" + CERT_PATH,
                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem", "http://localhost:" + paypal.getPort() + CERT_PATH)) {
            Map<String, String> headers = headers(WEBHOOK_ID, BODY_CRC32);
            headers.put("PAYPAL-CERT-URL", url);

            assertThat(verifier.verify(delivery(headers, BODY))).as(url).isEqualTo(new WebhookResult.Rejected(401, "PAYPAL-CERT-URL is not a PayPal"
                    + " address (https://api.paypal.com/..., api-m.paypal.com, api.sandbox.paypal.com or api-m.sandbox.paypal.com); refused without"
                    + " fetching it"));
        }
        for (String path : List.of("/v1/oauth2/token", CERT_PATH + "?again=1")) {
            Map<String, String> headers = headers(WEBHOOK_ID, BODY_CRC32);
            headers.put("PAYPAL-CERT-URL", "http://127.0.0.1:" + paypal.getPort() + path);

            assertThat(verifier.verify(delivery(headers, BODY))).as(path).isEqualTo(new WebhookResult.Rejected(401, "PAYPAL-CERT-URL is not the"
                    + " address of a certificate (a path under /v1/notifications/certs/, no query); refused without fetching it"));
        }
        paypal.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesATransmissionTimeOutsideTheToleranceBeforeFetchingAnything() {
        WebhookVerifier verifier = verifier();
        Map<String, String> old = headers(WEBHOOK_ID, BODY_CRC32);
        old.put("PAYPAL-TRANSMISSION-TIME", "2026-12-07T08:50:00Z");
        Map<String, String> malformed = headers(WEBHOOK_ID, BODY_CRC32);
        malformed.put("PAYPAL-TRANSMISSION-TIME", "Mon, 07 Dec 2026 08:59:30 GMT");

        assertThat(verifier.verify(delivery(old, BODY))).isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        assertThat(verifier.verify(delivery(malformed, BODY))).isEqualTo(new WebhookResult.Rejected(400,
                "malformed timestamp; expected an ISO 8601 time such as 2021-03-25T05:09:27Z"));
        paypal.verify(0, anyRequestedFor(anyUrl()));
        assertThat(verifier("{ scheme: paypal, webhookId: " + WEBHOOK_ID + " }", "tolerance: 15m").verify(delivery(old, BODY)))
                .isEqualTo(MISMATCH); // within 15 minutes, and signed for another time
    }

    @Test
    void fetchesTheCertificateOnceForEveryConnectionsVerifierAndAnswers503WhenItCannot() {
        verifier().verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY));
        verifier().verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY));
        paypal.verify(1, getRequestedFor(urlPathEqualTo(CERT_PATH)));

        Map<String, String> gone = headers(WEBHOOK_ID, BODY_CRC32);
        gone.put("PAYPAL-CERT-URL", "http://127.0.0.1:" + paypal.getPort() + "/v1/notifications/certs/CERT-gone");
        assertThat(verifier().verify(delivery(gone, BODY))).isEqualTo(new WebhookResult.Rejected(503, "the signing certificate could not be fetched: http://127.0.0.1:"
                + paypal.getPort() + "/v1/notifications/certs/CERT-gone answered HTTP 404; deliver again later"));
    }

    @Test
    void readsTheWebhookIdFromTheConnectionAndFillsPayPalsEventIdAndType() {
        var loaded = new SpecLoader().loadTexts(List.of(new SourceText("paypal.yaml", """
                kind: Connector
                name: paypal
                baseUrl: https://api-m.paypal.com
                config:
                  webhookId: { description: "The id PayPal shows for this connection's webhook" }
                webhooks:
                  verify: { scheme: paypal, webhookId: "{{ config.webhookId }}" }
                """)));
        assertThat(loaded.problems()).isEmpty();
        WebhookSpec spec = loaded.connectors().get("paypal").webhooks();

        assertThat(spec.verify()).isEqualTo(new WebhookScheme.Vendor(WebhookVendor.PAYPAL, List.of("{{ config.webhookId }}")));
        assertThat(spec.eventId()).isEqualTo(new WebhookSpec.ValueSource.Path("$.id"));
        assertThat(spec.eventType()).isEqualTo(new WebhookSpec.ValueSource.Path("$.event_type"));
        assertThat(spec.verify().signsTimestamp()).isTrue();
        WebhookVerifier verifier = WebhookVerifier.create(spec, WebhookSecrets.resolve(spec, Map.of("config.webhookId", WEBHOOK_ID)::get), fetcher);
        assertThat(verifier.verify(delivery(headers(WEBHOOK_ID, BODY_CRC32), BODY))).isInstanceOf(WebhookResult.Accepted.class);
        assertThatThrownBy(() -> WebhookVerifier.create(spec, WebhookSecrets.of(WEBHOOK_ID))).isInstanceOf(IllegalStateException.class)
                .hasMessage("scheme paypal fetches its provider's signing certificates: make its verifier with a WebhookFetcher");
    }

    @Test
    void refusesAMissingOrMalformedWebhookIdAndASecretInItsPlace() {
        assertThat(problems("{ scheme: paypal }")).containsExactly("hooks.yaml:4:3 webhooks.verify: missing required key 'webhookId': the id"
                + " PayPal shows for the webhook, such as \"{{ config.webhookId }}\"; PayPal signs every webhook's deliveries with the same"
                + " certificate, and the id it signs with each is what ties a delivery to this connection");
        assertThat(problems("{ scheme: paypal, webhookId: \"my webhook\" }")).containsExactly("hooks.yaml:4:40 webhooks.verify.webhookId:"
                + " expected the id PayPal shows for the webhook (letters and digits, such as 8PT597110X687430LKGECATA) or a template such as"
                + " \"{{ config.webhookId }}\", found 'my webhook'");
        assertThat(problems("{ scheme: paypal, webhookId: [A1, B2, C3] }")).containsExactly("hooks.yaml:4:40 webhooks.verify.webhookId: expected"
                + " one webhook id, or two: the current one, then the previous one, found 3");
        assertThat(problems("{ scheme: paypal, webhookId: A1, secret: \"{{ secrets.s }}\" }")).containsExactly("hooks.yaml:4:44"
                + " webhooks.verify.secret: unknown key (allowed: scheme, webhookId)");
    }

    private static List<String> problems(String verify) {
        String text = "kind: Connector\nname: hooks\nwebhooks:\n  verify: " + verify + "\nbaseUrl: http://127.0.0.1:9\nsecrets:\n  s: {}\n";
        return new SpecLoader().loadTexts(List.of(new SourceText("hooks.yaml", text))).problems().stream().map(SpecProblem::toString).toList();
    }
}
