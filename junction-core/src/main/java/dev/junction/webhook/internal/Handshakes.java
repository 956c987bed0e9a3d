package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.spec.WebhookSpec;
import dev.junction.template.Template;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookFetcher;
import dev.junction.webhook.WebhookResult;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Answers a provider's verification challenge. A challenge in a query parameter or header can be
 * answered before the body is parsed (and, when unsigned, before verification: Microsoft Graph
 * sends its {@code validationToken} unsigned); one in the payload only after verification and
 * parsing (Slack's {@code url_verification}). A challenge that is a subscription to confirm
 * (Amazon SNS's {@code SubscribeURL}, {@link WebhookSpec.Handshake#confirm()}) is fetched with the
 * scheme's {@link WebhookFetcher}, which goes only where the scheme allows, before it is answered.
 */
public final class Handshakes {
    /** The longest challenge echoed back. */
    static final int MAX_CHALLENGE_LENGTH = 4096;

    private final WebhookSpec.Handshake spec;
    private final Payloads.Pick challenge;
    private final List<Payloads.Pick> whenAt;
    private final Template respond;
    private final boolean json;
    private final List<String> equals;
    private final String hmacKey;
    private final Payloads.Pick confirmAt;
    private final WebhookFetcher fetcher;

    /**
     * @param equals per condition of {@code spec.when()}, the value it must equal when the connector
     *     names a secret there (compared in constant time), or null: the condition's literal text; empty
     *     when no condition names a secret (a condition that names one then never holds)
     * @param hmacKey the scheme's current secret, the key of {@code {{ challengeHmac }}} in the answer
     * @param fetcher what a challenge that is a URL to confirm ({@link WebhookSpec.Handshake#confirm()}) is fetched with
     */
    public Handshakes(WebhookSpec.Handshake spec, List<String> equals, String hmacKey, WebhookFetcher fetcher) {
        if (!equals.isEmpty() && equals.size() != spec.when().size()) {
            throw new IllegalArgumentException("expected " + spec.when().size() + " condition values, found " + equals.size());
        }
        this.spec = spec;
        this.equals = equals;
        this.hmacKey = hmacKey;
        this.fetcher = fetcher;
        this.challenge = Payloads.Pick.of(spec.challenge());
        this.whenAt = spec.when().stream().map(when -> Payloads.Pick.of(when.at())).toList();
        this.confirmAt = spec.confirm() == null ? null : Payloads.Pick.of(spec.confirm().at());
        this.respond = Template.parse(spec.respond());
        this.json = spec.contentType().toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    /** Whether the challenge is answered before the signature is checked. */
    public boolean unsigned() {
        return !spec.signed();
    }

    /** Whether the challenge and its condition can be read without the payload. */
    public boolean beforePayload() {
        return !(spec.challenge() instanceof WebhookSpec.ValueSource.Path)
                && spec.when().stream().noneMatch(when -> when.at() instanceof WebhookSpec.ValueSource.Path);
    }

    /**
     * The answer when {@code delivery} is this challenge, a rejection when its challenge is too
     * long or not a single value, null when it is no challenge. {@code payload} may be null when
     * {@link #beforePayload()}.
     */
    public WebhookResult answer(WebhookDelivery delivery, JsonNode payload) {
        Payloads.Found value = challenge.read(delivery, payload);
        if (value.text() == null && !value.container()) {
            return null;
        }
        for (int i = 0; i < whenAt.size(); i++) {
            Payloads.Found at = whenAt.get(i).read(delivery, payload);
            if (at.text() == null || !matches(i, at.text())) {
                return null;
            }
        }
        if (value.container() || value.text().length() > MAX_CHALLENGE_LENGTH) {
            return Authenticator.refuse(400, "the challenge at " + challenge.describe() + " is not a single value of at most "
                    + MAX_CHALLENGE_LENGTH + " characters");
        }
        String done = null;
        if (confirmAt != null && spec.confirm().equals().equals(confirmAt.read(delivery, payload).text())) {
            WebhookResult.Rejected failed = confirm(value.text());
            if (failed != null) {
                return failed;
            }
            done = "confirmed the subscription" + topic(value.text());
        }
        String text = json ? TextNode.valueOf(value.text()).toString() : value.text();
        // with a JSON content type the challenge is a JSON string, quotes included: respond: '{"challenge": {{ challenge }}}'
        return new WebhookResult.Handshake(spec.status(), spec.contentType(),
                respond.render(variable -> variable.equals("challenge") ? text : challengeHmac(value.text())), done);
    }

    /** A GET of the confirmation URL (verified with the delivery, and bounded to the provider by the fetcher); null when it answered 2xx. */
    private WebhookResult.Rejected confirm(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Authenticator.refuse(400, "the confirmation URL at " + challenge.describe() + " is not a URL");
        }
        String refused = fetcher.refusal(uri, Provider.SNS); // the one provider that confirms its subscriptions by a URL
        if (refused != null) {
            return Authenticator.refuse(400, "the confirmation URL at " + challenge.describe() + " is " + refused + "; not called");
        }
        try {
            fetcher.get(uri, Provider.SNS);
            return null;
        } catch (IOException e) {
            return Authenticator.refuse(502, "the subscription could not be confirmed: " + e.getMessage());
        }
    }

    /** " to topic ARN" when the confirmation URL names its topic ({@code TopicArn=}, as Amazon SNS's does); else nothing. */
    private static String topic(String url) {
        int q = url.indexOf('?');
        for (String pair : q < 0 ? new String[0] : url.substring(q + 1).split("&")) {
            if (pair.startsWith("TopicArn=")) {
                return " to topic " + java.net.URLDecoder.decode(pair.substring("TopicArn=".length()), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private boolean matches(int condition, String value) {
        String secret = equals.isEmpty() ? null : equals.get(condition);
        if (secret == null) {
            String literal = spec.when().get(condition).equals();
            // a secret's template without the secret's value matches nothing, not its own text
            return Template.parse(literal).isConstant() && value.equals(literal);
        }
        return java.security.MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The challenge's HMAC-SHA256 in hex, keyed with the scheme's current secret (Zoom's {@code encryptedToken}). */
    private String challengeHmac(String challenge) {
        return java.util.HexFormat.of().formatHex(MacCheck.hmac(new javax.crypto.spec.SecretKeySpec(
                hmacKey.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"), challenge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
