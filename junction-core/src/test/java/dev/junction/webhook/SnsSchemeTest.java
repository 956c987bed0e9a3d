package dev.junction.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.EgressPolicy;
import dev.junction.spec.WebhookSpec;
import dev.junction.webhook.internal.Provider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Amazon SNS against a local server playing Amazon: a certificate issued to sns.amazonaws.com by a
 * certificate authority made here (the test's trust anchor) serves as Amazon's signing certificate,
 * each message is signed here as Amazon's documentation describes (written apart from the code
 * under test), and the server counts what was fetched.
 */
class SnsSchemeTest {
    @RegisterExtension
    static final WireMockExtension sns = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
    private static final String CERT_PATH = "/SimpleNotificationService-test.pem";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestAuthority authority;
    private static KeyPair amazon;
    private static String certificatePem;

    private WebhookFetcher fetcher;

    @BeforeAll
    static void makeAmazonsCertificate() {
        authority = TestAuthority.create(NOW);
        TestAuthority.Signer signer = authority.issue("sns.amazonaws.com", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), null);
        amazon = signer.key();
        certificatePem = TestAuthority.pem(signer.certificate(), authority.intermediate());
    }

    @BeforeEach
    void serveTheCertificate() {
        sns.stubFor(get(urlPathEqualTo(CERT_PATH)).willReturn(aResponse().withStatus(200).withBody(certificatePem)));
        sns.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("<ConfirmSubscriptionResponse/>")));
        fetcher = WebhookFetcher.forTests(WebhookFetcher.newClient(), EgressPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), List.of(authority.root()),
                "127.0.0.1:" + sns.getPort());
    }

    private WebhookVerifier verifier(String extra) {
        WebhookSpec spec = Hooks.spec("verify: { scheme: sns, topic: \"" + TOPIC + "\" }\n" + extra);
        return WebhookVerifier.create(spec, WebhookSecrets.resolve(spec, variable -> null), fetcher);
    }

    private String base() {
        return "http://127.0.0.1:" + sns.getPort();
    }

    /** A Notification as SNS sends it, unsigned. */
    private ObjectNode notification(String message, String subject) {
        ObjectNode m = JSON.createObjectNode();
        m.put("Type", "Notification");
        m.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
        m.put("TopicArn", TOPIC);
        if (subject != null) {
            m.put("Subject", subject);
        }
        m.put("Message", message);
        m.put("Timestamp", "2026-12-07T08:59:30.123Z");
        m.put("SigningCertURL", base() + CERT_PATH);
        m.put("UnsubscribeURL", base() + "/?Action=Unsubscribe&SubscriptionArn=" + TOPIC + ":c9135db0");
        return m;
    }

    private ObjectNode confirmation(String type) {
        ObjectNode m = JSON.createObjectNode();
        m.put("Type", type);
        m.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
        m.put("Token", "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736");
        m.put("TopicArn", TOPIC);
        m.put("Message", "You have chosen to subscribe to the topic " + TOPIC + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
        m.put("SubscribeURL", base() + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37fb687f5d51e6e241d");
        m.put("Timestamp", "2026-12-07T08:59:59.000Z");
        m.put("SigningCertURL", base() + CERT_PATH);
        return m;
    }

    /** Signs {@code m} as Amazon does: the listed fields present, each name, newline, value, newline. */
    private static ObjectNode signed(ObjectNode m, String version) {
        List<String> fields = m.get("Type").asText().equals("Notification") ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            if (m.has(field)) {
                canonical.append(field).append('\n').append(m.get(field).asText()).append('\n');
            }
        }
        try {
            Signature signer = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
            signer.initSign(amazon.getPrivate());
            signer.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            m.put("SignatureVersion", version);
            m.put("Signature", Base64.getEncoder().encodeToString(signer.sign()));
            return m;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static WebhookDelivery delivery(ObjectNode message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        headers.put("x-amz-sns-message-type", message.get("Type").asText());
        return WebhookDelivery.post(headers, message.toString().getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void acceptsASignedNotificationAsAnEventOfItsMessageIdAndTypeWithItsJsonMessageReadAsJson() {
        String s3 = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"object\":{\"key\":\"orders/42.json\"}}}]}";

        WebhookResult result = verifier("messageJson: true\nrecordKey: $.Message.Records[0].s3.object.key").verify(delivery(signed(notification(s3, null), "2")));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
            assertThat(a.eventType()).isEqualTo("Notification");
            assertThat(a.recordKey()).isEqualTo("orders/42.json");
            assertThat(a.payload().get("Message").get("Records").get(0).get("eventName").asText()).isEqualTo("ObjectCreated:Put");
            assertThat(a.payload().get("TopicArn").asText()).isEqualTo(TOPIC);
        });
    }

    @Test
    void checksSignatureVersionOneWithSha1AndASubjectAndKeepsAMessageThatIsNotJsonAsText() {
        WebhookResult result = verifier("messageJson: true\neventType: $.Subject").verify(delivery(signed(notification("hello {", "Greetings"), "1")));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventType()).isEqualTo("Greetings");
            assertThat(a.payload().get("Message").asText()).isEqualTo("hello {");
        });
    }

    @Test
    void refusesATamperedMessageSubjectTopicOrVersion() {
        WebhookVerifier verifier = verifier("");
        ObjectNode tampered = signed(notification("{\"amount\": 10}", null), "2");
        tampered.put("Message", "{\"amount\": 1000}");
        ObjectNode addedSubject = signed(notification("{}", null), "2");
        addedSubject.put("Subject", "injected");
        ObjectNode otherVersion = signed(notification("{}", null), "1");
        otherVersion.put("SignatureVersion", "2");
        ObjectNode otherTopic = signed(notification("{}", null), "2");
        otherTopic.put("TopicArn", "arn:aws:sns:us-east-1:999999999999:orders");

        WebhookResult.Rejected mismatch = new WebhookResult.Rejected(401, "signature does not match");
        assertThat(verifier.verify(delivery(tampered))).isEqualTo(mismatch);
        assertThat(verifier.verify(delivery(addedSubject))).isEqualTo(mismatch);
        assertThat(verifier.verify(delivery(otherVersion))).isEqualTo(mismatch);
        assertThat(verifier.verify(delivery(otherTopic))).isEqualTo(new WebhookResult.Rejected(401,
                "the message's TopicArn is not a topic this connection takes (webhooks.verify.topics)"));
        ObjectNode version3 = signed(notification("{}", null), "2");
        version3.put("SignatureVersion", "3");
        assertThat(verifier.verify(delivery(version3))).isEqualTo(new WebhookResult.Rejected(400,
                "SignatureVersion is not 1 or 2, the versions Amazon SNS signs with"));
    }

    @Test
    void refusesACertificateUrlThatIsNotAmazonSnsWithoutFetchingIt() {
        WebhookVerifier verifier = verifier("");
        for (String url : List.of("https://sns.us-east-1.amazonaws.com.evil.example/cert.pem", "https://evil.example/sns.us-east-1.amazonaws.com/c.pem",
                "http://sns.us-east-1.amazonaws.com/c.pem", "https://sns.us-east-1.amazonaws.com:8443/c.pem", "https://user@sns.us-east-1.amazonaws.com/c.pem",
                "http://127.0.0.2:" + sns.getPort() + CERT_PATH, "http://localhost:" + sns.getPort() + CERT_PATH)) {
            ObjectNode message = notification("{}", null);
            message.put("SigningCertURL", url);

            assertThat(verifier.verify(delivery(signed(message, "2")))).as(url).isEqualTo(new WebhookResult.Rejected(401,
                    "SigningCertURL is not an Amazon SNS address (https://sns.REGION.amazonaws.com/...); refused without fetching it"));
        }
        for (String url : List.of(base() + CERT_PATH + "?again=1", base() + "/SimpleNotificationService-test.txt", base() + CERT_PATH + "#x")) {
            ObjectNode message = notification("{}", null);
            message.put("SigningCertURL", url);

            assertThat(verifier.verify(delivery(signed(message, "2")))).as(url).isEqualTo(new WebhookResult.Rejected(401,
                    "SigningCertURL is not the address of a certificate (a .pem path, no query); refused without fetching it"));
        }
        sns.verify(0, anyRequestedFor(anyUrl()));
        WebhookFetcher production = WebhookFetcher.create(WebhookFetcher.newClient(), EgressPolicy.DEFAULT, Clock.systemUTC());
        assertThat(production.refusal(URI.create(base() + CERT_PATH), Provider.SNS)).isNotNull();
        assertThat(production.refusal(URI.create("https://sns.eu-west-3.amazonaws.com/SimpleNotificationService-1.pem"), Provider.SNS)).isNull();
        assertThat(production.refusal(URI.create("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem"), Provider.SNS)).isNull();
        assertThat(production.refusal(URI.create("https://api.paypal.com/v1/notifications/certs/CERT-1"), Provider.SNS)).isNotNull();
    }

    @Test
    void trustsOnlyACertificateIssuedToAmazonSnsByATrustedAuthority() {
        Instant from = NOW.minus(Duration.ofDays(1));
        Instant to = NOW.plus(Duration.ofDays(30));
        sns.stubFor(get(urlPathEqualTo("/SimpleNotificationService-forged.pem"))
                .willReturn(aResponse().withBody(TestAuthority.selfSigned("sns.amazonaws.com", from, to).pem())));
        sns.stubFor(get(urlPathEqualTo("/SimpleNotificationService-other.pem")).willReturn(aResponse()
                .withBody(TestAuthority.pem(authority.issue("sns.amazonaws.com.evil.example", from, to, null).certificate(), authority.intermediate()))));
        ObjectNode forged = notification("{}", null);
        forged.put("SigningCertURL", base() + "/SimpleNotificationService-forged.pem");
        ObjectNode other = notification("{}", null);
        other.put("SigningCertURL", base() + "/SimpleNotificationService-other.pem");

        assertThat(verifier("").verify(delivery(signed(forged, "2")))).isEqualTo(new WebhookResult.Rejected(401,
                "the signing certificate at SigningCertURL does not chain to a trusted certificate authority"));
        assertThat(verifier("").verify(delivery(signed(other, "2")))).isEqualTo(new WebhookResult.Rejected(401,
                "the signing certificate at SigningCertURL is issued to sns.amazonaws.com.evil.example, not to sns.amazonaws.com"));
    }

    @Test
    void fetchesTheIssuersCertificateWhenAmazonServesTheSigningCertificateAlone() {
        sns.stubFor(get(urlPathEqualTo("/amazon-rsa-2048.cer")).willReturn(aResponse().withBody(der(authority.intermediate()))));
        sns.stubFor(get(urlPathEqualTo("/SimpleNotificationService-alone.pem")).willReturn(aResponse().withBody(authority.issue("sns.amazonaws.com",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), base() + "/amazon-rsa-2048.cer").pem())));
        ObjectNode message = notification("{}", null);
        message.put("SigningCertURL", base() + "/SimpleNotificationService-alone.pem");

        assertThat(verifier("").verify(delivery(signed(message, "2")))).isInstanceOf(WebhookResult.Accepted.class);
        sns.verify(1, getRequestedFor(urlPathEqualTo("/amazon-rsa-2048.cer")));
    }

    private static byte[] der(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesANotificationWithASubscribeUrlWhichItsSignatureDoesNotCover() {
        ObjectNode message = signed(notification("{}", null), "2");
        message.put("SubscribeURL", base() + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=t");

        assertThat(verifier("").verify(delivery(message))).isEqualTo(new WebhookResult.Rejected(400, "a Notification carries no SubscribeURL"));
        sns.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void fetchesEachCertificateOnceForEveryConnectionsVerifier() {
        verifier("").verify(delivery(signed(notification("a", null), "2")));
        verifier("").verify(delivery(signed(notification("b", null), "1")));

        sns.verify(1, getRequestedFor(urlPathEqualTo(CERT_PATH)));
    }

    @Test
    void refusesATimestampOlderThanTheToleranceBeforeFetchingAnything() {
        ObjectNode old = notification("{}", null);
        old.put("Timestamp", "2026-12-07T08:50:00.000Z");

        assertThat(verifier("").verify(delivery(signed(old, "2")))).isEqualTo(new WebhookResult.Rejected(401,
                "timestamp is older than the tolerance of 300s"));
        assertThat(verifier("tolerance: 15m").verify(delivery(signed(old, "2")))).isInstanceOf(WebhookResult.Accepted.class);
    }

    @Test
    void confirmsASubscriptionWithOneGetOfItsSubscribeUrlAndStoresNothing() {
        WebhookResult result = verifier("").verify(delivery(signed(confirmation("SubscriptionConfirmation"), "2")));

        assertThat(result).isEqualTo(new WebhookResult.Handshake(200, "text/plain", "", "confirmed the subscription to topic " + TOPIC));
        sns.verify(1, getRequestedFor(urlPathEqualTo("/")));
        assertThat(sns.findAll(getRequestedFor(urlPathEqualTo("/"))).getFirst().queryParameter("Action").firstValue()).isEqualTo("ConfirmSubscription");
    }

    @Test
    void neverConfirmsASubscriptionWhoseSignatureOrTopicIsWrong() {
        ObjectNode otherUrl = signed(confirmation("SubscriptionConfirmation"), "2");
        otherUrl.put("SubscribeURL", base() + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=other");
        ObjectNode otherTopic = confirmation("SubscriptionConfirmation");
        otherTopic.put("TopicArn", "arn:aws:sns:us-east-1:999999999999:theirs");

        assertThat(verifier("").verify(delivery(otherUrl))).isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier("").verify(delivery(signed(otherTopic, "2")))).isEqualTo(new WebhookResult.Rejected(401,
                "the message's TopicArn is not a topic this connection takes (webhooks.verify.topics)"));
        sns.verify(0, getRequestedFor(urlPathEqualTo("/")));
    }

    @Test
    void answersAFailedConfirmationWith502SoThatAmazonSendsItAgain() {
        sns.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(403)));

        assertThat(verifier("").verify(delivery(signed(confirmation("SubscriptionConfirmation"), "2")))).isEqualTo(new WebhookResult.Rejected(502,
                "the subscription could not be confirmed: " + base() + "/ answered HTTP 403"));
    }

    @Test
    void acknowledgesAnUnsubscribeConfirmationWithoutCallingAnythingOrStoringIt() {
        WebhookResult result = verifier("").verify(delivery(signed(confirmation("UnsubscribeConfirmation"), "2")));

        assertThat(result).isEqualTo(new WebhookResult.Handshake(200, "text/plain", ""));
        sns.verify(0, getRequestedFor(urlPathEqualTo("/")));
    }

    @Test
    void boundsTheFetchOfACertificateWhoseBodyTrickles() {
        sns.stubFor(get(urlPathEqualTo("/SimpleNotificationService-slow.pem"))
                .willReturn(aResponse().withStatus(200).withBody(certificatePem).withChunkedDribbleDelay(20, 3000)));
        fetcher = fetcher.withTimeout(Duration.ofMillis(500));
        ObjectNode message = notification("{}", null);
        message.put("SigningCertURL", base() + "/SimpleNotificationService-slow.pem");

        assertThat(verifier("").verify(delivery(signed(message, "2")))).isEqualTo(new WebhookResult.Rejected(503,
                "the signing certificate could not be fetched: " + base() + "/SimpleNotificationService-slow.pem did not answer within 500ms;"
                        + " deliver again later"));
    }

    @Test
    void answers503WhenTheCertificateCannotBeFetched() {
        ObjectNode message = notification("{}", null);
        message.put("SigningCertURL", base() + "/SimpleNotificationService-gone.pem");

        assertThat(verifier("").verify(delivery(signed(message, "2")))).isEqualTo(new WebhookResult.Rejected(503,
                "the signing certificate could not be fetched: " + base() + "/SimpleNotificationService-gone.pem answered HTTP 404; deliver again later"));
    }
}
