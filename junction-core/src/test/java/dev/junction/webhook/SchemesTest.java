package dev.junction.webhook;

import static dev.junction.webhook.Hooks.hex;
import static dev.junction.webhook.Hooks.hmac;
import static dev.junction.webhook.Hooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scheme against deliveries signed by a signer written here, apart from the code under
 * test, following each vendor's description: valid, tampered, stale, future, wrong secret,
 * previous secret, missing and malformed headers, oversize body.
 */
class SchemesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String BODY = "{\"id\":\"evt_1\",\"event_id\":\"evt_1\",\"type\":\"contact.updated\",\"data\":{\"id\":\"c-42\"},\"account\":\"acct_9\"}";
    private static final String CURRENT = "whsec_" + Base64.getEncoder().encodeToString(utf8("current-key-bytes-0123456789"));
    private static final String PREVIOUS = "whsec_" + Base64.getEncoder().encodeToString(utf8("previous-key-bytes-987654321"));

    /** Signs {@code body} with {@code secret} at {@code timestamp} (Unix seconds) as the provider would: the request headers. */
    @FunctionalInterface
    interface Signer {
        Map<String, String> sign(String secret, long timestamp, byte[] body);
    }

    /**
     * @param malformedHeader a header replaced by {@code malformedValue} to make the delivery unreadable
     * @param signsBody whether the body is authenticated (not so for shared-secret and basic)
     */
    record Scheme(String yaml, Signer signer, boolean timestamped, boolean signsBody, String signatureHeader, String malformedValue) {}

    static Stream<Arguments> schemes() {
        String tail = "\nrecordKey: $.data.id\ntenant: $.account\n";
        return Stream.of(
                Arguments.argumentSet("standard-webhooks", new Scheme("verify: { scheme: standard-webhooks, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }" + tail,
                        (secret, ts, body) -> standard("webhook-", secret, ts, body), true, true, "webhook-signature", "v1 no-comma")),
                Arguments.argumentSet("svix", new Scheme("verify: { scheme: svix, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }" + tail,
                        (secret, ts, body) -> standard("svix-", secret, ts, body), true, true, "svix-signature", "v2,abc")),
                Arguments.argumentSet("stripe", new Scheme("verify: { scheme: stripe, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }" + tail,
                        (secret, ts, body) -> Map.of("Stripe-Signature", "t=" + ts + ",v1=" + hex(hmac("HmacSHA256", utf8(secret), concat(ts + ".", body)))
                                + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"),
                        true, true, "Stripe-Signature", "v1=abcd")),
                Arguments.argumentSet("github", new Scheme("verify: { scheme: github, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }" + tail,
                        (secret, ts, body) -> Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", utf8(secret), body)),
                                "X-GitHub-Delivery", "evt_1", "X-GitHub-Event", "push"),
                        false, true, "X-Hub-Signature-256", "sha1=0123abcd")),
                Arguments.argumentSet("slack", new Scheme("verify: { scheme: slack, secrets: [\"{{ secrets.current }}\", \"{{ secrets.previous }}\"] }" + tail,
                        (secret, ts, body) -> Map.of("X-Slack-Signature", "v0=" + hex(hmac("HmacSHA256", utf8(secret), concat("v0:" + ts + ":", body))),
                                "X-Slack-Request-Timestamp", Long.toString(ts)),
                        true, true, "X-Slack-Signature", "v0=not-hex")),
                Arguments.argumentSet("hmac sha512 base64 with a timestamp", new Scheme("""
                        verify:
                          scheme: hmac
                          secrets: ["{{ secrets.current }}", "{{ secrets.previous }}"]
                          algorithm: sha512
                          encoding: base64
                          header: X-Signature
                          prefix: "v1="
                          timestampHeader: X-Timestamp
                          signedContent: "{{ timestamp }}:{{ headers.X-Delivery }}:{{ body }}"
                        eventId: { header: X-Delivery }
                        """ + tail,
                        (secret, ts, body) -> Map.of("X-Signature", "v1=" + Base64.getEncoder().encodeToString(
                                hmac("HmacSHA512", utf8(secret), concat(ts + ":evt_1:", body))), "X-Timestamp", Long.toString(ts), "X-Delivery", "evt_1"),
                        true, true, "X-Signature", "sha512=abc")),
                Arguments.argumentSet("hmac sha1 hex", new Scheme("""
                        verify: { scheme: hmac, algorithm: sha1, header: X-Sig, secrets: ["{{ secrets.current }}", "{{ secrets.previous }}"] }
                        eventId: $.id
                        """ + tail,
                        (secret, ts, body) -> Map.of("X-Sig", hex(hmac("HmacSHA1", utf8(secret), body)).toUpperCase()),
                        false, true, "X-Sig", "xyz")),
                Arguments.argumentSet("shared-secret", new Scheme("""
                        verify: { scheme: shared-secret, header: X-Webhook-Token, prefix: "Token ", secrets: ["{{ secrets.current }}", "{{ secrets.previous }}"] }
                        eventId: $.id
                        """ + tail,
                        (secret, ts, body) -> Map.of("X-Webhook-Token", "Token " + secret), false, false, "X-Webhook-Token", "Bearer x")),
                Arguments.argumentSet("basic", new Scheme("""
                        verify: { scheme: basic, secrets: ["hooks:{{ secrets.current }}", "hooks:{{ secrets.previous }}"] }
                        eventId: $.id
                        """ + tail,
                        (secret, ts, body) -> Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(utf8("hooks:" + secret))),
                        false, false, "Authorization", "Basic !!not base64!!")));
    }

    private static Map<String, String> standard(String prefix, String secret, long ts, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, concat("evt_1." + ts + ".", body)));
        return Map.of(prefix + "id", "evt_1", prefix + "timestamp", Long.toString(ts), prefix + "signature", "v1,bm90IHRoaXMgb25l v1," + signature);
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] out = new byte[head.length() + body.length];
        System.arraycopy(utf8(head), 0, out, 0, head.length());
        System.arraycopy(body, 0, out, head.length(), body.length);
        return out;
    }

    private static WebhookResult deliver(Scheme scheme, Map<String, String> headers, byte[] body) {
        return Hooks.verifier(scheme.yaml(), CURRENT, PREVIOUS).verify(WebhookDelivery.post(headers, body, NOW));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void acceptsADeliverySignedWithTheCurrentSecret(Scheme scheme) {
        WebhookResult result = deliver(scheme, scheme.signer().sign(CURRENT, NOW.getEpochSecond(), utf8(BODY)), utf8(BODY));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("evt_1");
            assertThat(a.recordKey()).isEqualTo("c-42");
            assertThat(a.routing()).isEqualTo("acct_9");
            assertThat(a.payload().get("type").asText()).isEqualTo("contact.updated");
        });
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void acceptsTheMiddleOfARotationSignedWithThePreviousSecret(Scheme scheme) {
        assertThat(deliver(scheme, scheme.signer().sign(PREVIOUS, NOW.getEpochSecond(), utf8(BODY)), utf8(BODY)))
                .isInstanceOf(WebhookResult.Accepted.class);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesADeliverySignedWithAnotherSecret(Scheme scheme) {
        String other = "whsec_" + Base64.getEncoder().encodeToString(utf8("someone-else-entirely-0000"));
        WebhookResult result = deliver(scheme, scheme.signer().sign(other, NOW.getEpochSecond(), utf8(BODY)), utf8(BODY));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.reason()).doesNotContain(CURRENT, PREVIOUS, other, "current-key", "someone-else");
        });
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesATamperedBody(Scheme scheme) {
        Map<String, String> headers = scheme.signer().sign(CURRENT, NOW.getEpochSecond(), utf8(BODY));
        WebhookResult result = deliver(scheme, headers, utf8(BODY.replace("c-42", "c-43")));

        if (scheme.signsBody()) {
            assertThat(result).isEqualTo(new WebhookResult.Rejected(401, "signature does not match"));
        } else {
            assertThat(result).isInstanceOf(WebhookResult.Accepted.class); // a bare credential authenticates the sender, not the body
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesAStaleOrFutureTimestampAndAcceptsOneWithinTheTolerance(Scheme scheme) {
        if (!scheme.timestamped()) {
            return;
        }
        long now = NOW.getEpochSecond();
        Duration fiveMinutes = Duration.ofMinutes(5);
        long stale = now - fiveMinutes.toSeconds() - 1;
        long future = now + fiveMinutes.toSeconds() + 1;

        assertThat(deliver(scheme, scheme.signer().sign(CURRENT, stale, utf8(BODY)), utf8(BODY)))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is older than the tolerance of 300s"));
        assertThat(deliver(scheme, scheme.signer().sign(CURRENT, future, utf8(BODY)), utf8(BODY)))
                .isEqualTo(new WebhookResult.Rejected(401, "timestamp is further in the future than the tolerance of 300s"));
        assertThat(deliver(scheme, scheme.signer().sign(CURRENT, now - 299, utf8(BODY)), utf8(BODY))).isInstanceOf(WebhookResult.Accepted.class);
        assertThat(deliver(scheme, scheme.signer().sign(CURRENT, now + 299, utf8(BODY)), utf8(BODY))).isInstanceOf(WebhookResult.Accepted.class);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesADeliveryWithoutItsSignatureHeaderWith401(Scheme scheme) {
        Map<String, String> headers = new LinkedHashMap<>(scheme.signer().sign(CURRENT, NOW.getEpochSecond(), utf8(BODY)));
        headers.remove(scheme.signatureHeader());

        assertThat(deliver(scheme, headers, utf8(BODY))).isEqualTo(new WebhookResult.Rejected(401, "missing header " + scheme.signatureHeader()));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesAMalformedSignatureHeaderWithoutEchoingIt(Scheme scheme) {
        Map<String, String> headers = new LinkedHashMap<>(scheme.signer().sign(CURRENT, NOW.getEpochSecond(), utf8(BODY)));
        headers.put(scheme.signatureHeader(), scheme.malformedValue());

        WebhookResult result = deliver(scheme, headers, utf8(BODY));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> {
            assertThat(r.status()).isIn(400, 401);
            assertThat(r.reason()).contains(scheme.signatureHeader().equals("Authorization") ? "Authorization" : scheme.signatureHeader())
                    .doesNotContain(scheme.malformedValue());
        });
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void refusesABodyOverTheLimitBeforeLookingAtAnythingElse(Scheme scheme) {
        byte[] big = new byte[1024 * 1024 + 1];

        assertThat(deliver(scheme, Map.of(), big)).isEqualTo(new WebhookResult.Rejected(413, "body is larger than the limit of 1048576 bytes"));
        assertThat(Hooks.verifier(scheme.yaml(), CURRENT, PREVIOUS).maxBodySize()).isEqualTo(1024 * 1024);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void findsHeadersWhateverTheirCase(Scheme scheme) {
        Map<String, String> lower = new LinkedHashMap<>();
        scheme.signer().sign(CURRENT, NOW.getEpochSecond(), utf8(BODY)).forEach((name, value) -> lower.put(name.toLowerCase(), value));

        assertThat(deliver(scheme, lower, utf8(BODY))).isInstanceOf(WebhookResult.Accepted.class);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void neverShowsASecretInItsDescription(Scheme scheme) {
        WebhookVerifier verifier = Hooks.verifier(scheme.yaml(), CURRENT, PREVIOUS);

        assertThat(verifier.toString()).doesNotContain(CURRENT, PREVIOUS);
        assertThat(WebhookSecrets.of(List.of(CURRENT, PREVIOUS)).toString()).isEqualTo("WebhookSecrets[2 secrets]");
    }
}
