package dev.junction.webhook;

import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.connector.ConnectorException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signatures made with the sender's private key and checked with its public key: SendGrid's
 * published example, SendGrid's event batches, Standard Webhooks {@code v1a} (ed25519) and the
 * generic scheme — signed here with keys made by the JDK, apart from the code under test.
 */
class PublicKeySchemesTest {
    // sendgrid/sendgrid-nodejs, packages/eventwebhook/src/eventwebhook.spec.js
    private static final String SG_PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
    private static final String SG_OTHER_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==";
    private static final String SG_SIGNATURE = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";
    private static final String SG_TIMESTAMP = "1588788367";
    private static final String SG_PAYLOAD = "{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}";
    private static final String SG_GENERIC = """
            verify:
              scheme: public-key
              algorithm: ecdsa-sha256
              secret: "{{ secrets.current }}"
              header: X-Twilio-Email-Event-Webhook-Signature
              timestampHeader: X-Twilio-Email-Event-Webhook-Timestamp
              signedContent: "{{ timestamp }}{{ body }}"
            eventId: $.message_id
            """;
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static WebhookDelivery sendGrid(String signature, String timestamp, String body, Instant at) {
        return WebhookDelivery.post(Map.of("X-Twilio-Email-Event-Webhook-Signature", signature, "X-Twilio-Email-Event-Webhook-Timestamp", timestamp,
                "Content-Type", "application/json"), utf8(body), at);
    }

    @Test
    void acceptsSendGridsPublishedSignatureAndRefusesItsPublishedBadCases() {
        Instant then = Instant.ofEpochSecond(Long.parseLong(SG_TIMESTAMP) + 10);
        WebhookVerifier verifier = verifier(SG_GENERIC, SG_PUBLIC_KEY, SG_OTHER_KEY);

        assertThat(verifier.verify(sendGrid(SG_SIGNATURE, SG_TIMESTAMP, SG_PAYLOAD, then))).isInstanceOfSatisfying(WebhookResult.Accepted.class,
                a -> assertThat(a.eventId()).isEqualTo("message_id"));
        assertThat(verifier(SG_GENERIC, SG_OTHER_KEY, SG_OTHER_KEY).verify(sendGrid(SG_SIGNATURE, SG_TIMESTAMP, SG_PAYLOAD, then)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(sendGrid(SG_SIGNATURE, SG_TIMESTAMP, "{\"message_id\":\"payload\"}", then)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(sendGrid(SG_SIGNATURE.replace("H2j", "H3j"), SG_TIMESTAMP, SG_PAYLOAD, then)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier.verify(sendGrid(SG_SIGNATURE, "timestamp", SG_PAYLOAD, then)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed timestamp; expected Unix time in seconds"));
        assertThat(verifier.verify(sendGrid(SG_SIGNATURE, SG_TIMESTAMP, SG_PAYLOAD, then.plusSeconds(600))))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
    }

    @Test
    void readsEachEventOfASendGridBatchWithTheKeyAsPemOrBase64AndTheSignatureDerOrRaw() throws Exception {
        KeyPair pair = ecKeyPair();
        String body = "[{\"email\":\"a@example.com\",\"event\":\"delivered\",\"sg_event_id\":\"ev-1\",\"sg_message_id\":\"m1\"},"
                + "{\"email\":\"b@example.com\",\"event\":\"bounce\",\"sg_event_id\":\"ev-2\",\"sg_message_id\":\"m2\"}]";
        String ts = Long.toString(NOW.getEpochSecond());
        String base64Key = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String yaml = "verify: { scheme: sendgrid, secret: \"{{ secrets.current }}\" }\nrecordKey: $.email\n";

        for (String key : new String[] {base64Key, pem}) {
            for (String algorithm : new String[] {"SHA256withECDSA", "SHA256withECDSAinP1363Format"}) {
                String signature = Base64.getEncoder().encodeToString(sign(algorithm, pair.getPrivate(), ts + body));

                assertThat(verifier(yaml, key, key).verify(sendGrid(signature, ts, body, NOW))).isInstanceOfSatisfying(WebhookResult.Events.class, e -> {
                    assertThat(e.events()).extracting(WebhookResult.Accepted::eventId).containsExactly("ev-1", "ev-2");
                    assertThat(e.events()).extracting(WebhookResult.Accepted::eventType).containsExactly("delivered", "bounce");
                    assertThat(e.events()).extracting(WebhookResult.Accepted::recordKey).containsExactly("a@example.com", "b@example.com");
                });
            }
        }
    }

    @Test
    void checksStandardWebhooksV1aEntriesWithTheSendersEd25519PublicKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String ts = Long.toString(NOW.getEpochSecond());
        String body = "{\"type\":\"contact.updated\",\"data\":{\"id\":\"c-1\"}}";
        String v1a = "v1a," + Base64.getEncoder().encodeToString(sign("Ed25519", pair.getPrivate(), "msg_1." + ts + "." + body));
        Map<String, String> headers = Map.of("webhook-id", "msg_1", "webhook-timestamp", ts,
                "webhook-signature", "v1,bm90IHRoaXMgb25l " + v1a);
        String yaml = "verify: { scheme: standard-webhooks, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }\n";

        assertThat(verifier(yaml, whpk(other), whpk(pair)).verify(WebhookDelivery.post(headers, utf8(body), NOW)))
                .as("signed with the previous key").isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> assertThat(a.eventId()).isEqualTo("msg_1"));
        assertThat(verifier(yaml, whpk(other), whpk(other)).verify(WebhookDelivery.post(headers, utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        assertThat(verifier(yaml, whpk(pair), whpk(pair)).verify(WebhookDelivery.post(Map.of("webhook-id", "msg_1", "webhook-timestamp", ts,
                "webhook-signature", "v1,bm90IHRoaXMgb25l"), utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed header webhook-signature; expected at least one v1a,BASE64 entry"));
        String secret = "whsec_" + Base64.getEncoder().encodeToString(utf8("a-signing-secret-of-32-bytes!!!!"));
        assertThatThrownBy(() -> verifier(yaml, secret, whpk(pair))).isInstanceOf(ConnectorException.class)
                .hasMessage("webhooks.verify (standard-webhooks): give either signing secrets (whsec_...) or the sender's public keys (whpk_...), not one of each");
    }

    @Test
    void checksAGenericEd25519SignatureWithARawHexKeyAsDiscordShowsIt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String yaml = """
                verify:
                  scheme: public-key
                  algorithm: ed25519
                  secret: "{{ secrets.current }}"
                  header: X-Signature-Ed25519
                  encoding: hex
                  timestampHeader: X-Signature-Timestamp
                  signedContent: "{{ timestamp }}{{ body }}"
                eventId: $.id
                """;
        String ts = Long.toString(NOW.getEpochSecond());
        String body = "{\"id\":\"i-1\",\"type\":2}";
        String hexKey = HexFormat.of().formatHex(raw(pair));
        Map<String, String> headers = Map.of("X-Signature-Ed25519", HexFormat.of().formatHex(sign("Ed25519", pair.getPrivate(), ts + body)),
                "X-Signature-Timestamp", ts);

        assertThat(verifier(yaml, hexKey, hexKey).verify(WebhookDelivery.post(headers, utf8(body), NOW))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier(yaml, hexKey, hexKey).verify(WebhookDelivery.post(headers, utf8(body.replace("i-1", "i-2")), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }

    @Test
    void checksAnRsaSignatureAndRefusesAKeyThatIsNotOneWithoutShowingIt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String yaml = """
                verify: { scheme: public-key, algorithm: rsa-sha256, secret: "{{ secrets.current }}", header: X-Signature }
                eventId: $.id
                """;
        String key = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        String body = "{\"id\":\"r-1\"}";
        Map<String, String> headers = Map.of("X-Signature", Base64.getEncoder().encodeToString(sign("SHA256withRSA", pair.getPrivate(), body)));

        assertThat(verifier(yaml, key, key).verify(WebhookDelivery.post(headers, utf8(body), NOW))).isInstanceOf(WebhookResult.Accepted.class);
        assertThatThrownBy(() -> verifier(yaml, "not-a-key-at-all", key)).isInstanceOf(ConnectorException.class)
                .hasMessage("webhooks.verify (public-key): a public key is not a valid rsa-sha256 public key (PEM, or the base64 of its"
                        + " SubjectPublicKeyInfo); copy it exactly as the provider shows it")
                .message().doesNotContain("not-a-key-at-all");
        assertThatThrownBy(() -> verifier(yaml.replace("rsa-sha256", "ed25519"), key, key)).isInstanceOf(ConnectorException.class);
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] sign(String algorithm, PrivateKey key, String content) throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(utf8(content));
        return signature.sign();
    }

    /** An Ed25519 public key's own 32 bytes: the end of its SubjectPublicKeyInfo. */
    private static byte[] raw(KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    private static String whpk(KeyPair pair) {
        return "whpk_" + Base64.getEncoder().encodeToString(raw(pair));
    }
}
