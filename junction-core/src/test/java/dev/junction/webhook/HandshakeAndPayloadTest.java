package dev.junction.webhook;

import static dev.junction.webhook.Hooks.hex;
import static dev.junction.webhook.Hooks.hmac;
import static dev.junction.webhook.Hooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.connector.ConnectorException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verification handshakes, and what is read out of a verified payload. */
class HandshakeAndPayloadTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String SECRET = "slack-signing-secret";

    private static Map<String, String> slackHeaders(String body) {
        long ts = NOW.getEpochSecond();
        return Map.of("X-Slack-Signature", "v0=" + hex(hmac("HmacSHA256", utf8(SECRET), "v0:" + ts + ":" + body)),
                "X-Slack-Request-Timestamp", Long.toString(ts), "Content-Type", "application/json");
    }

    private static final String SLACK = """
            verify: { scheme: slack, secret: "{{ secrets.current }}" }
            tenant: $.team_id
            handshake:
              path: $.challenge
              when: { path: $.type, equals: url_verification }
            """;

    @Test
    void answersSlacksUrlVerificationWithItsChallengeOnlyWhenSigned() {
        WebhookVerifier verifier = Hooks.verifier(SLACK, SECRET, "unused");
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";

        assertThat(verifier.verify(WebhookDelivery.post(slackHeaders(body), utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Handshake(200, "text/plain", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertThat(verifier.verify(WebhookDelivery.post(Map.of("Content-Type", "application/json"), utf8(body), NOW)))
                .isEqualTo(new WebhookResult.Rejected(401, "missing header X-Slack-Signature"));
    }

    @Test
    void treatsAnEventCarryingAChallengeFieldOfAnotherTypeAsAnEvent() {
        WebhookVerifier verifier = Hooks.verifier(SLACK, SECRET, "unused");
        String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"team_id\":\"T1\",\"challenge\":\"x\",\"event\":{\"type\":\"app_mention\"}}";

        assertThat(verifier.verify(WebhookDelivery.post(slackHeaders(body), utf8(body), NOW))).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("Ev1");
            assertThat(a.eventType()).isEqualTo("app_mention");
            assertThat(a.routing()).isEqualTo("T1");
        });
    }

    @Test
    void echoesAnUnsignedValidationTokenAsPlainTextLikeMicrosoftGraphExpects() {
        WebhookVerifier verifier = Hooks.verifier("""
                verify: { scheme: shared-secret, header: X-Token, secret: "{{ secrets.current }}" }
                eventId: $.value[0].id
                handshake: { query: validationToken }
                """, "graph-secret", "unused");
        WebhookDelivery validation = new WebhookDelivery("POST", Map.of(), Map.of("validationToken", List.of("Validation: Testing client <1>")),
                new byte[0], NOW);

        assertThat(verifier.verify(validation)).isEqualTo(new WebhookResult.Handshake(200, "text/plain", "Validation: Testing client <1>"));
        WebhookDelivery notification = WebhookDelivery.post(Map.of("X-Token", "graph-secret"), utf8("{\"value\":[{\"id\":\"n1\"}]}"), NOW);
        assertThat(verifier.verify(notification)).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> assertThat(a.eventId()).isEqualTo("n1"));
    }

    @Test
    void escapesTheChallengeInAJsonAnswer() {
        WebhookVerifier verifier = Hooks.verifier("""
                verify: { scheme: github, secret: "{{ secrets.current }}" }
                handshake: { query: challenge, signed: true, respond: '{"challenge": {{ challenge }}}', contentType: application/json }
                """, SECRET, "unused");
        WebhookDelivery delivery = new WebhookDelivery("POST", Map.of("X-Hub-Signature-256", List.of("sha256=" + hex(hmac("HmacSHA256", utf8(SECRET), "")))),
                Map.of("challenge", List.of("a\"b")), new byte[0], NOW);

        assertThat(verifier.verify(delivery)).isEqualTo(new WebhookResult.Handshake(200, "application/json", "{\"challenge\": \"a\\\"b\"}"));
    }

    @Test
    void refusesAVerifiedDeliveryWithoutAnEventIdOrWithAnIdThatIsNoSingleValue() {
        WebhookVerifier verifier = Hooks.verifier(SLACK, SECRET, "unused");
        String noId = "{\"type\":\"event_callback\"}";
        String objectId = "{\"type\":\"event_callback\",\"event_id\":{\"a\":1}}";

        assertThat(verifier.verify(WebhookDelivery.post(slackHeaders(noId), utf8(noId), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "no event id at $.event_id"));
        assertThat(verifier.verify(WebhookDelivery.post(slackHeaders(objectId), utf8(objectId), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "the event id at $.event_id is not a single value"));
        assertThat(verifier.verify(WebhookDelivery.post(slackHeaders("{\"a\":1} trailing"), utf8("{\"a\":1} trailing"), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "body is not valid JSON"));
    }

    @Test
    void refusesAMalformedTimestamp() {
        WebhookVerifier verifier = Hooks.verifier(SLACK, SECRET, "unused");
        Map<String, String> headers = new java.util.HashMap<>(slackHeaders("{}"));
        headers.put("X-Slack-Request-Timestamp", "yesterday");

        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8("{}"), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "malformed timestamp; expected Unix time in seconds"));
    }

    @Test
    void refusesASecretThatCannotBeAKeyWithoutShowingIt() {
        assertThatThrownBy(() -> Hooks.verifier("verify: { scheme: standard-webhooks, secret: \"{{ secrets.current }}\" }", "whsec_not*base64!", "x"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("webhooks.verify (standard-webhooks): a secret is not valid base64 (after an optional 'whsec_' prefix); copy it exactly"
                        + " as the provider shows it");
        assertThatThrownBy(() -> WebhookVerifier.create(Hooks.spec("verify: { scheme: github, secret: \"{{ secrets.current }}\" }"), v -> null))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("no value for variable 'secrets.current'");
    }
}
