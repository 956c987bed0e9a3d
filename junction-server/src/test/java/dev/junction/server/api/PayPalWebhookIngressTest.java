package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.webhook.TestAuthority;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PayPal through the real server, a local server playing PayPal's certificate host (a certificate
 * issued to messageverificationcerts.paypal.com by a test's own certificate authority) by the
 * engine's test-only fetcher: an event stored by its id and a redelivery taken for one, a forged
 * certificate refused with 401, an unreachable one answered 503.
 */
class PayPalWebhookIngressTest {
    @RegisterExtension
    static final WireMockExtension paypal = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
    private static final String CERT_PATH = "/v1/notifications/certs/CERT-360caa42-fca2a594-local";
    private static final String DEFINITIONS = """
            kind: Connector
            name: paypal
            config:
              baseUrl: { type: string }
              webhookId: { description: "The id PayPal shows for this connection's webhook" }
            baseUrl: "{{ config.baseUrl }}"
            webhooks:
              verify: { scheme: paypal, webhookId: "{{ config.webhookId }}" }
              recordKey: $.resource.id
            streams:
              nothing: { request: { path: /v1/nothing }, records: "$.data", primaryKey: id }
            ---
            kind: Connection
            name: payments
            connector: paypal
            config: { baseUrl: "http://127.0.0.1:9", webhookId: "%s" }
            """.formatted(WEBHOOK_ID);
    private static final String EVENT = "{\"id\":\"WH-58D329510W468432D-8HN650336L201105X\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\","
            + "\"resource\":{\"id\":\"42311647XV020574X\",\"payee\":{\"email_address\":\"ventas@tienda.example\"},\"note\":\"Café für 2 €\"}}";

    private static final TestAuthority AUTHORITY = TestAuthority.create(Instant.now());
    private static final TestAuthority.Signer PAYPAL_KEY = AUTHORITY.issue("messageverificationcerts.paypal.com", Instant.now());

    @TempDir
    Path dataDir;
    private ApiFixture api;

    @BeforeEach
    void start() {
        paypal.stubFor(get(urlPathEqualTo(CERT_PATH)).willReturn(aResponse().withBody(TestAuthority.pem(PAYPAL_KEY.certificate(), AUTHORITY.intermediate()))));
        api = ApiFixture.playingProvider(dataDir, paypal.getPort(), AUTHORITY.root(), "paypal.yaml", DEFINITIONS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void storesADeliveryByItsEventIdAndTakesARetransmissionForARedelivery() {
        HttpResponse<String> first = post(EVENT, CERT_PATH);
        HttpResponse<String> again = post(EVENT, CERT_PATH); // PayPal's retry: a new transmission of the same event

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(api.body(first).path("duplicate").asBoolean()).isFalse();
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(api.body(again).path("duplicate").asBoolean()).isTrue();
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::eventType, InboxEvent::recordKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WH-58D329510W468432D-8HN650336L201105X", "PAYMENT.CAPTURE.COMPLETED",
                        "42311647XV020574X"));
        paypal.verify(1, getRequestedFor(urlPathEqualTo(CERT_PATH)));
    }

    @Test
    void refusesADeliverySignedWithACertificateNoTrustedAuthorityIssued() {
        String forged = "/v1/notifications/certs/CERT-forged";
        Instant now = Instant.now();
        paypal.stubFor(get(urlPathEqualTo(forged)).willReturn(aResponse().withBody(TestAuthority.selfSigned("messageverificationcerts.paypal.com",
                now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS)).pem())));

        HttpResponse<String> answer = post(EVENT, forged);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(api.body(answer).path("detail").asText()).isEqualTo("the signing certificate at PAYPAL-CERT-URL does not chain to a trusted"
                + " certificate authority.");
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
    }

    @Test
    void answers503WithRetryAfterWhenTheCertificateCannotBeFetched() {
        paypal.stubFor(get(urlPathEqualTo(CERT_PATH)).willReturn(aResponse().withStatus(502)));

        HttpResponse<String> answer = post(EVENT, CERT_PATH);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("60");
        assertThat(api.body(answer).path("detail").asText()).isEqualTo("the signing certificate could not be fetched: http://127.0.0.1:"
                + paypal.getPort() + CERT_PATH + " answered HTTP 502; deliver again later.");
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
    }

    /** {@code body} as PayPal posts it: a new transmission, signed over its id, time, the webhook's id and the body's CRC-32. */
    private HttpResponse<String> post(String body, String certPath) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String transmission = UUID.randomUUID().toString();
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return api.send(HttpRequest.newBuilder(api.uri("/hooks/payments")).header("Content-Type", "application/json")
                .header("PAYPAL-TRANSMISSION-ID", transmission)
                .header("PAYPAL-TRANSMISSION-TIME", time)
                .header("PAYPAL-TRANSMISSION-SIG", PAYPAL_KEY.sign("SHA256withRSA", transmission + "|" + time + "|" + WEBHOOK_ID + "|" + crc.getValue()))
                .header("PAYPAL-CERT-URL", "http://127.0.0.1:" + paypal.getPort() + certPath)
                .header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), null);
    }
}
