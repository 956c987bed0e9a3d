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
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon SNS through the real server, a local server playing Amazon (its certificate, issued by a
 * test's own certificate authority, its confirmation endpoint) by the engine's test-only fetcher: a
 * subscription confirmed once and counted as a handshake, a notification stored by its MessageId,
 * an unreachable certificate answered 503.
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

    private static final TestAuthority AUTHORITY = TestAuthority.create(Instant.now());
    private static final TestAuthority.Signer AMAZON_KEY = AUTHORITY.issue("sns.amazonaws.com", Instant.now());

    @TempDir
    Path dataDir;
    private ApiFixture api;
    private String certUrl;

    @BeforeEach
    void start() {
        amazon.stubFor(get(urlPathEqualTo("/SimpleNotificationService-local.pem"))
                .willReturn(aResponse().withBody(TestAuthority.pem(AMAZON_KEY.certificate(), AUTHORITY.intermediate()))));
        amazon.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withBody("<ConfirmSubscriptionResponse/>")));
        certUrl = "http://127.0.0.1:" + amazon.getPort() + "/SimpleNotificationService-local.pem";
        api = ApiFixture.playingProvider(dataDir, amazon.getPort(), AUTHORITY.root(), "sns.yaml", DEFINITIONS);
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

    private String sign(String canonical) {
        return AMAZON_KEY.sign("SHA256withRSA", canonical);
    }
}
