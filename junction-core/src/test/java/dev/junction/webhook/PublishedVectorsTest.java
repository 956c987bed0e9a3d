package dev.junction.webhook;

import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each scheme against the test vectors its vendor publishes. */
class PublishedVectorsTest {

    // standard-webhooks/standard-webhooks, libraries/go/webhook_test.go (TestWebhookSign, TestWebhook)
    private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SW_TIMESTAMP = 1614265330;
    private static final String SW_BODY = "{\"test\": 2432232314}";
    private static final String SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String SW_WRONG = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private static WebhookDelivery standardWebhooks(String signature) {
        return WebhookDelivery.post(Map.of("webhook-id", SW_ID, "webhook-timestamp", Long.toString(SW_TIMESTAMP), "webhook-signature", signature),
                utf8(SW_BODY), Instant.ofEpochSecond(SW_TIMESTAMP + 10));
    }

    @Test
    void acceptsTheStandardWebhooksPublishedSignatureWithAndWithoutTheWhsecPrefix() {
        String yaml = "verify: { scheme: standard-webhooks, secret: \"{{ secrets.current }}\" }";

        for (String secret : new String[] {SW_SECRET, SW_SECRET.substring("whsec_".length())}) {
            WebhookResult result = verifier(yaml, secret, "unused").verify(standardWebhooks(SW_SIGNATURE));

            assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
                assertThat(a.eventId()).isEqualTo(SW_ID);
                assertThat(a.payload().get("test").asLong()).isEqualTo(2432232314L);
            });
        }
    }

    @Test
    void acceptsTheStandardWebhooksPublishedMultiSignatureHeaderAndRefusesItsInvalidSignature() {
        WebhookVerifier verifier = verifier("verify: { scheme: standard-webhooks, secret: \"{{ secrets.current }}\" }", SW_SECRET, "unused");
        String several = String.join(" ", SW_WRONG, SW_WRONG.replace("v1,", "v2,"), SW_SIGNATURE, SW_WRONG);

        assertThat(verifier.verify(standardWebhooks(several))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(verifier.verify(standardWebhooks(SW_WRONG))).isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }

    @Test
    void refusesTheStandardWebhooksPublishedTimestampCasesOutsideTheTolerance() {
        WebhookVerifier verifier = verifier("verify: { scheme: standard-webhooks, secret: \"{{ secrets.current }}\" }", SW_SECRET, "unused");
        Map<String, String> headers = Map.of("webhook-id", SW_ID, "webhook-timestamp", Long.toString(SW_TIMESTAMP), "webhook-signature", SW_SIGNATURE);

        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8(SW_BODY), Instant.ofEpochSecond(SW_TIMESTAMP + 301))))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8(SW_BODY), Instant.ofEpochSecond(SW_TIMESTAMP - 301))))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is further in the future than the tolerance of 300s"));
    }

    // Slack, "Verifying requests from Slack": the documented slash-command example
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_TIMESTAMP = "1531420618";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void acceptsSlacksDocumentedExampleAsFormFieldsRoutedByTeam() {
        WebhookVerifier verifier = verifier("""
                verify: { scheme: slack, secret: "{{ secrets.current }}" }
                eventId: $.trigger_id
                eventType: $.command
                tenant: $.team_id
                """, SLACK_SECRET, "unused");
        Map<String, String> headers = Map.of("X-Slack-Signature", SLACK_SIGNATURE, "X-Slack-Request-Timestamp", SLACK_TIMESTAMP,
                "Content-Type", "application/x-www-form-urlencoded");

        WebhookResult result = verifier.verify(WebhookDelivery.post(headers, utf8(SLACK_BODY), Instant.ofEpochSecond(1531420618 + 60)));

        assertThat(result).isEqualTo(new WebhookResult.Accepted("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", "/webhook-collect",
                null, "T1DC2JH3J", ((WebhookResult.Accepted) result).payload()));
        assertThat(((WebhookResult.Accepted) result).payload().get("response_url").asText())
                .isEqualTo("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8(SLACK_BODY.replace("foobar", "foobaz")), Instant.ofEpochSecond(1531420618))))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }

    // GitHub, "Validating webhook deliveries": the documented test values
    @Test
    void checksGitHubsDocumentedSignatureBeforeLookingAtTheBody() {
        WebhookVerifier verifier = verifier("verify: { scheme: github, secret: \"{{ secrets.current }}\" }", "It's a Secret to Everybody", "unused");
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        Map<String, String> headers = Map.of("X-Hub-Signature-256", signature, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");

        // the signature holds, and only then is "Hello, World!" found not to be JSON
        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8("Hello, World!"), Instant.EPOCH)))
                .isEqualTo(new WebhookResult.Rejected(400, "body is not valid JSON"));
        assertThat(verifier.verify(WebhookDelivery.post(headers, utf8("Hello, World?"), Instant.EPOCH)))
                .isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
    }
}
