package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.EgressPolicy;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.webhook.WebhookFetcher;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon SNS through the real server, a local server playing Amazon (its certificate, its
 * confirmation endpoint) by the engine's test-only fetcher: a subscription confirmed once and counted
 * as a handshake, a notification stored by its MessageId, an unreachable certificate answered 503.
 */
class SnsWebhookIngressTest {
    @RegisterExtension
    static final WireMockExtension amazon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:uploads";
    private static final String DEFINITIONS = """
            kind: Connector
            name: aws-events
            config:
              baseUrl: { type: string }
              topicArn: {}
            baseUrl: "{{ config.baseUrl }}"
            webhooks:
              verify: { scheme: sns, topic: "{{ config.topicArn }}" }
              messageJson: true
              recordKey: $.Message.key
            streams:
              nothing: { request: { path: /v1/nothing }, records: "$.data", primaryKey: id }
            ---
            kind: Connection
            name: uploads
            connector: aws-events
            config: { baseUrl: "http://127.0.0.1:9", topicArn: "%s" }
            """.formatted(TOPIC);

    @TempDir
    Path dataDir;
    private ApiFixture api;
    private KeyPair key;
    private String certUrl;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        key = rsa.generateKeyPair();
        Instant now = Instant.now();
        X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(new X500Name("CN=sns.amazonaws.com"), BigInteger.TWO,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=sns.amazonaws.com"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
        amazon.stubFor(get(urlPathEqualTo("/SimpleNotificationService-local.pem")).willReturn(aResponse().withBody(certificate.getEncoded())));
        amazon.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withBody("<ConfirmSubscriptionResponse/>")));
        certUrl = "http://127.0.0.1:" + amazon.getPort() + "/SimpleNotificationService-local.pem";
        WebhookFetcher playsAmazon = WebhookFetcher.forTests(WebhookFetcher.newClient(), EgressPolicy.DEFAULT, "127.0.0.1:" + amazon.getPort());
        api = ApiFixture.start(dataDir, ServerConfig.defaults(), engine -> engine.withWebhookFetcher(playsAmazon));
        var applied = api.engine.definitions().apply(List.of(new SourceText("sns.yaml", DEFINITIONS)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void confirmsTheSubscriptionThenStoresEachNotificationByItsMessageId() throws Exception {
        String timestamp = Instant.now().toString();
        String subscribeUrl = "http://127.0.0.1:" + amazon.getPort() + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=abc";
        String confirmation = "{\"Type\":\"SubscriptionConfirmation\",\"MessageId\":\"m-0\",\"Token\":\"abc\",\"TopicArn\":\"" + TOPIC
                + "\",\"Message\":\"confirm me\",\"SubscribeURL\":\"" + subscribeUrl + "\",\"Timestamp\":\"" + timestamp
                + "\",\"SignatureVersion\":\"2\",\"SigningCertURL\":\"" + certUrl + "\",\"Signature\":\"" + sign("Message\nconfirm me\nMessageId\nm-0\n"
                + "SubscribeURL\n" + subscribeUrl + "\nTimestamp\n" + timestamp + "\nToken\nabc\nTopicArn\n" + TOPIC + "\nType\nSubscriptionConfirmation\n") + "\"}";
        String message = "{\"key\":\"photos/1.jpg\"}";
        String notification = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"" + TOPIC + "\",\"Message\":"
                + api.json.writeValueAsString(message) + ",\"Timestamp\":\"" + timestamp + "\",\"SignatureVersion\":\"2\",\"SigningCertURL\":\"" + certUrl
                + "\",\"Signature\":\"" + sign("Message\n" + message + "\nMessageId\nm-1\nTimestamp\n" + timestamp + "\nTopicArn\n" + TOPIC
                + "\nType\nNotification\n") + "\"}";

        HttpResponse<String> confirmed = post(confirmation);
        HttpResponse<String> stored = post(notification);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        amazon.verify(1, getRequestedFor(urlPathEqualTo("/")));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::eventType, InboxEvent::recordKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m-1", "Notification", "photos/1.jpg"));
        assertThat(api.engine.webhooks().counts()).singleElement().satisfies(c -> {
            assertThat(c.handshakes()).isEqualTo(1);
            assertThat(c.accepted()).isEqualTo(1);
        });
    }

    @Test
    void answers503WithRetryAfterWhenTheCertificateCannotBeFetched() throws Exception {
        amazon.stubFor(get(urlPathEqualTo("/SimpleNotificationService-local.pem")).willReturn(aResponse().withStatus(500)));
        String timestamp = Instant.now().toString();
        String notification = "{\"Type\":\"Notification\",\"MessageId\":\"m-2\",\"TopicArn\":\"" + TOPIC + "\",\"Message\":\"hi\",\"Timestamp\":\""
                + timestamp + "\",\"SignatureVersion\":\"1\",\"SigningCertURL\":\"" + certUrl + "\",\"Signature\":\"AAAA\"}";

        HttpResponse<String> answer = post(notification);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("60");
        assertThat(api.body(answer).path("detail").asText()).isEqualTo("the signing certificate could not be fetched: " + certUrl
                + " answered HTTP 500; deliver again later.");
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
    }

    private HttpResponse<String> post(String body) {
        return api.send(HttpRequest.newBuilder(api.uri("/hooks/uploads")).header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private String sign(String canonical) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
