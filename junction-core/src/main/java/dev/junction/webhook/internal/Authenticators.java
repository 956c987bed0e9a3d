package dev.junction.webhook.internal;

import dev.junction.connector.ConnectorException;
import dev.junction.spec.WebhookSpec;
import dev.junction.spec.WebhookSpec.Encoding;
import dev.junction.template.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Builds the {@link Authenticator} of a scheme. The vendor schemes are the generic HMAC check with
 * their header format and signed content fixed:
 *
 * <table>
 *   <caption>Signed content and signature header per scheme</caption>
 *   <tr><th>scheme</th><th>signed content</th><th>signature</th></tr>
 *   <tr><td>standard-webhooks, svix</td><td>{@code ID.TIMESTAMP.BODY}</td><td>{@code v1,BASE64} entries, key base64 (after {@code whsec_})</td></tr>
 *   <tr><td>stripe</td><td>{@code TIMESTAMP.BODY}</td><td>{@code t=TIMESTAMP,v1=HEX}</td></tr>
 *   <tr><td>github</td><td>{@code BODY}</td><td>{@code X-Hub-Signature-256: sha256=HEX}</td></tr>
 *   <tr><td>slack</td><td>{@code v0:TIMESTAMP:BODY}</td><td>{@code X-Slack-Signature: v0=HEX}</td></tr>
 *   <tr><td>hubspot</td><td>{@code METHOD URI BODY TIMESTAMP} (milliseconds)</td><td>{@code X-HubSpot-Signature-v3: BASE64}</td></tr>
 *   <tr><td>twilio</td><td>{@code URL} and the sorted form fields (HMAC-SHA1); a JSON body through {@code bodySHA256}</td><td>{@code X-Twilio-Signature: BASE64}</td></tr>
 * </table>
 */
public final class Authenticators {
    private Authenticators() {}

    /**
     * @param secrets resolved secret values, current first
     * @throws ConnectorException when a secret cannot be a key of the scheme (not base64 where it
     *     must be); the message never shows the secret
     */
    public static Authenticator create(WebhookSpec.Verify verify, List<String> secrets, Duration tolerance) {
        return switch (verify) {
            case WebhookSpec.Hmac h -> new MacCheck(h.algorithm().jcaName(), keys(secrets, h.secretEncoding(), "", h.scheme()),
                    Template.parse(h.signedContent()), ClaimParsers.prefixed(h.header(), h.prefix(), h.encoding(), h.timestampHeader()), tolerance,
                    h.timestampMillis());
            case WebhookSpec.StandardWebhooks s -> new MacCheck("HmacSHA256", keys(secrets, Encoding.BASE64, "whsec_", s.scheme()),
                    Template.parse("{{ headers." + s.idHeader() + " }}.{{ timestamp }}.{{ body }}"),
                    ClaimParsers.standardWebhooks(s.idHeader(), s.timestampHeader(), s.signatureHeader()), tolerance);
            case WebhookSpec.Stripe s -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", s.scheme()),
                    Template.parse("{{ timestamp }}.{{ body }}"), ClaimParsers.stripe(), tolerance);
            case WebhookSpec.GitHub g -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", g.scheme()),
                    Template.parse("{{ body }}"), ClaimParsers.prefixed("X-Hub-Signature-256", "sha256=", Encoding.HEX, null), tolerance);
            case WebhookSpec.Slack s -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", s.scheme()),
                    Template.parse("v0:{{ timestamp }}:{{ body }}"),
                    ClaimParsers.prefixed("X-Slack-Signature", "v0=", Encoding.HEX, "X-Slack-Request-Timestamp"), tolerance);
            case WebhookSpec.HubSpot h -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", h.scheme()),
                    Template.parse("{{ method }}{{ " + SignedValues.HUBSPOT_URI + " }}{{ body }}{{ timestamp }}"),
                    ClaimParsers.prefixed("X-HubSpot-Signature-v3", "", Encoding.BASE64, "X-HubSpot-Request-Timestamp"), tolerance, true);
            case WebhookSpec.Twilio t -> TwilioBody.around(new MacCheck("HmacSHA1", keys(secrets, Encoding.TEXT, "", t.scheme()),
                    Template.parse("{{ url }}{{ form }}"), ClaimParsers.prefixed("X-Twilio-Signature", "", Encoding.BASE64, null), tolerance));
            case WebhookSpec.SharedSecret s -> SecretCheck.header(s.header(), s.prefix(), secrets);
            case WebhookSpec.Basic b -> {
                for (String credential : secrets) {
                    if (credential.indexOf(':') < 0) {
                        throw new ConnectorException("webhooks.verify (basic): a secret must render to user:password; one has no ':'");
                    }
                }
                yield SecretCheck.basic(secrets);
            }
        };
    }

    /** Each secret as key bytes: {@code prefix} (such as {@code whsec_}) removed when present, then decoded. */
    private static List<byte[]> keys(List<String> secrets, Encoding encoding, String prefix, String scheme) {
        return secrets.stream().map(secret -> {
            String text = !prefix.isEmpty() && secret.startsWith(prefix) ? secret.substring(prefix.length()) : secret;
            byte[] key = encoding == Encoding.TEXT ? text.getBytes(StandardCharsets.UTF_8) : ClaimParsers.decode(text, encoding);
            if (key == null || key.length == 0) {
                throw new ConnectorException("webhooks.verify (" + scheme + "): a secret is not valid " + encoding.name().toLowerCase(java.util.Locale.ROOT)
                        + (prefix.isEmpty() ? "" : " (after an optional '" + prefix + "' prefix)") + "; copy it exactly as the provider shows it");
            }
            return key;
        }).toList();
    }
}
