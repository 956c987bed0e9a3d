package dev.junction.webhook.internal;

import dev.junction.connector.ConnectorException;
import dev.junction.spec.SnsTopics;
import dev.junction.spec.WebhookScheme.Encoding;
import dev.junction.spec.WebhookScheme.KeyAlgorithm;
import dev.junction.spec.WebhookScheme.TimestampUnit;
import dev.junction.spec.WebhookScheme;
import dev.junction.template.Template;
import dev.junction.webhook.WebhookFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Builds the {@link Authenticator} of a scheme. The vendor schemes are the generic HMAC (or
 * public-key) check with their header format and signed content fixed:
 *
 * <table>
 *   <caption>Signed content and signature header per scheme</caption>
 *   <tr><th>scheme</th><th>signed content</th><th>signature</th></tr>
 *   <tr><td>standard-webhooks, svix</td><td>{@code ID.TIMESTAMP.BODY}</td><td>{@code v1,BASE64} entries, key base64 (after {@code whsec_})</td></tr>
 *   <tr><td>stripe</td><td>{@code TIMESTAMP.BODY}</td><td>{@code t=TIMESTAMP,v1=HEX}</td></tr>
 *   <tr><td>github</td><td>{@code BODY}</td><td>{@code X-Hub-Signature-256: sha256=HEX}</td></tr>
 *   <tr><td>slack</td><td>{@code v0:TIMESTAMP:BODY}</td><td>{@code X-Slack-Signature: v0=HEX}</td></tr>
 *   <tr><td>hubspot</td><td>{@code METHOD URI BODY TIMESTAMP} (milliseconds)</td><td>{@code X-HubSpot-Signature-v3: BASE64}</td></tr>
 *   <tr><td>hubspot v1, v2</td><td>SHA-256 (no HMAC) of {@code SECRET BODY}, v2 {@code SECRET METHOD URL BODY}</td><td>{@code X-HubSpot-Signature: HEX}</td></tr>
 *   <tr><td>standard-webhooks with public keys (whpk_)</td><td>{@code ID.TIMESTAMP.BODY}, ed25519</td><td>{@code v1a,BASE64} entries</td></tr>
 *   <tr><td>sendgrid</td><td>{@code TIMESTAMP BODY}, ECDSA P-256</td><td>{@code X-Twilio-Email-Event-Webhook-Signature: BASE64}</td></tr>
 *   <tr><td>shopify</td><td>{@code BODY}</td><td>{@code X-Shopify-Hmac-Sha256: BASE64}</td></tr>
 *   <tr><td>zoom</td><td>{@code v0:TIMESTAMP:BODY}</td><td>{@code x-zm-signature: v0=HEX}</td></tr>
 *   <tr><td>zendesk</td><td>{@code TIMESTAMP BODY}, the timestamp ISO 8601</td><td>{@code X-Zendesk-Webhook-Signature: BASE64}</td></tr>
 *   <tr><td>mailgun</td><td>{@code TIMESTAMP TOKEN} from the body's {@code signature} object</td><td>{@code signature.signature: HEX}</td></tr>
 *   <tr><td>sns</td><td>the message's fields as {@code Name\nvalue\n} (RSA, SHA-1 or SHA-256)</td><td>{@code Signature} in the body, Amazon's certificate at {@code SigningCertURL}</td></tr>
 *   <tr><td>paypal</td><td>{@code TRANSMISSION-ID|TRANSMISSION-TIME|WEBHOOK-ID|CRC32 of the body} (SHA256withRSA)</td><td>{@code PAYPAL-TRANSMISSION-SIG: BASE64}, PayPal's certificate at {@code PAYPAL-CERT-URL}</td></tr>
 *   <tr><td>twilio</td><td>{@code URL} and the sorted form fields (HMAC-SHA1); a JSON body through {@code bodySHA256}</td><td>{@code X-Twilio-Signature: BASE64}</td></tr>
 * </table>
 */
public final class Authenticators {
    private Authenticators() {}

    /**
     * @param secrets resolved secret values, current first (for sns: the topics; for paypal: the webhook ids)
     * @param fetcher what a scheme that fetches from its provider fetches with (sns, paypal); {@link WebhookFetcher#none()} for the others
     * @throws ConnectorException when a secret cannot be a key of the scheme (not base64 where it
     *     must be); the message never shows the secret
     * @throws IllegalStateException when the scheme fetches and {@code fetcher} fetches nothing
     */
    public static Authenticator create(WebhookScheme verify, List<String> secrets, Duration tolerance, WebhookFetcher fetcher) {
        return switch (verify) {
            case WebhookScheme.Hmac h -> new MacCheck(h.algorithm().jcaName(), keys(secrets, h.secretEncoding(), "", h.scheme()),
                    content(h.signedContent(), tolerance, h.timestampUnit()),
                    h.pairs() == null ? ClaimParsers.prefixed(h.header(), h.prefix(), h.encoding(), h.timestampHeader())
                            : ClaimParsers.pairs(h.header(), h.pairs().separator(), h.pairs().timestamp(), h.pairs().signature(), h.encoding()));
            case WebhookScheme.PublicKey p -> new PublicKeyCheck(p.algorithm(), PublicKeyCheck.parse(secrets, p.algorithm(), p.scheme()),
                    content(p.signedContent(), tolerance, p.timestampUnit()),
                    ClaimParsers.prefixed(p.header(), p.prefix(), p.encoding(), p.timestampHeader()));
            case WebhookScheme.StandardWebhooks s -> standardWebhooks(s, secrets, tolerance);
            case WebhookScheme.Vendor v -> vendor(v, secrets, tolerance, fetcher);
            case WebhookScheme.SharedSecret s -> SecretCheck.header(s.header(), s.prefix(), secrets);
            case WebhookScheme.Basic b -> {
                for (String credential : secrets) {
                    if (credential.indexOf(':') < 0) {
                        throw new ConnectorException("webhooks.verify (basic): a secret must render to user:password; one has no ':'");
                    }
                }
                yield SecretCheck.basic(secrets);
            }
        };
    }

    private static Authenticator vendor(WebhookScheme.Vendor v, List<String> secrets, Duration tolerance, WebhookFetcher fetcher) {
        String scheme = v.scheme();
        return switch (v.kind()) {
            case STRIPE -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("{{ timestamp }}.{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.stripe());
            case GITHUB -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("X-Hub-Signature-256", "sha256=", Encoding.HEX, null));
            case SLACK -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("v0:{{ timestamp }}:{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("X-Slack-Signature", "v0=", Encoding.HEX, "X-Slack-Request-Timestamp"));
            case HUBSPOT -> hubSpot(v.version(), secrets, tolerance);
            case TWILIO -> TwilioBody.around(new MacCheck("HmacSHA1", keys(secrets, Encoding.TEXT, "", scheme), content("{{ url }}{{ form }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("X-Twilio-Signature", "", Encoding.BASE64, null)));
            case SENDGRID -> new PublicKeyCheck(KeyAlgorithm.ECDSA_SHA256, PublicKeyCheck.parse(secrets, KeyAlgorithm.ECDSA_SHA256, scheme),
                    content("{{ timestamp }}{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("X-Twilio-Email-Event-Webhook-Signature", "", Encoding.BASE64, "X-Twilio-Email-Event-Webhook-Timestamp"));
            case SHOPIFY -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("X-Shopify-Hmac-Sha256", "", Encoding.BASE64, null));
            case ZENDESK -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("{{ timestamp }}{{ body }}", tolerance,
                    TimestampUnit.ISO8601), ClaimParsers.prefixed("X-Zendesk-Webhook-Signature", "", Encoding.BASE64, "X-Zendesk-Webhook-Signature-Timestamp"));
            case MAILGUN -> new MailgunCheck(keys(secrets, Encoding.TEXT, "", scheme), content("{{ timestamp }}", tolerance, TimestampUnit.SECONDS));
            case SNS -> sns(secrets, tolerance, fetcher);
            case PAYPAL -> new PayPalCheck(secrets, content("{{ timestamp }}", tolerance, TimestampUnit.ISO8601), fetching(scheme, fetcher));
            case ZOOM -> new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", scheme), content("v0:{{ timestamp }}:{{ body }}", tolerance, TimestampUnit.SECONDS),
                    ClaimParsers.prefixed("x-zm-signature", "v0=", Encoding.HEX, "x-zm-request-timestamp"));
            case MSGRAPH -> new ClientStateCheck(secrets);
        };
    }

    /**
     * HubSpot: v3 (the default), v1 or v2 as the connector names it; with {@code any}, the v3
     * signature when the delivery carries one (and only it: a v3 delivery is never checked with the
     * weaker version it also carries), else the version {@code X-HubSpot-Signature-Version} names.
     */
    private static Authenticator hubSpot(String version, List<String> secrets, Duration tolerance) {
        Authenticator v3 = new MacCheck("HmacSHA256", keys(secrets, Encoding.TEXT, "", "hubspot"),
                content("{{ method }}{{ " + SignedValues.HUBSPOT_URI + " }}{{ body }}{{ timestamp }}", tolerance, TimestampUnit.MILLISECONDS),
                ClaimParsers.prefixed(HUBSPOT_V3, "", Encoding.BASE64, "X-HubSpot-Request-Timestamp"));
        Authenticator v1 = new DigestCheck("v1", secrets, content("{{ body }}", tolerance, TimestampUnit.SECONDS));
        Authenticator v2 = new DigestCheck("v2", secrets, content("{{ method }}{{ url }}{{ body }}", tolerance, TimestampUnit.SECONDS));
        if (version == null) {
            return v3;
        }
        return switch (version) {
            case "v1" -> v1;
            case "v2" -> v2;
            default -> delivery -> {
                if (delivery.header(HUBSPOT_V3) != null) {
                    return v3.check(delivery);
                }
                String sent = delivery.header(DigestCheck.VERSION);
                return sent == null ? Authenticator.refuse(401, "missing header " + HUBSPOT_V3 + " (or " + DigestCheck.SIGNATURE + " with "
                        + DigestCheck.VERSION + ")")
                        : sent.strip().equalsIgnoreCase("v1") ? v1.check(delivery)
                        : sent.strip().equalsIgnoreCase("v2") ? v2.check(delivery)
                        : Authenticator.refuse(400, "malformed header " + DigestCheck.VERSION + "; expected v1 or v2");
            };
        };
    }

    private static final String HUBSPOT_V3 = "X-HubSpot-Signature-v3";

    /** {@code fetcher}, when it fetches: a scheme that checks its provider's certificate needs one. */
    private static WebhookFetcher fetching(String scheme, WebhookFetcher fetcher) {
        if (!fetcher.fetches()) {
            throw new IllegalStateException("scheme " + scheme + " fetches its provider's signing certificates: make its verifier with a WebhookFetcher");
        }
        return fetcher;
    }

    /** Amazon SNS: the topics rendered for this connection must be topic ARNs naming their account. */
    private static Authenticator sns(List<String> topics, Duration tolerance, WebhookFetcher fetcher) {
        fetching("sns", fetcher);
        for (String topic : topics) {
            String problem = SnsTopics.problem(topic);
            if (problem != null) {
                throw new ConnectorException("webhooks.verify.topics (sns): " + problem);
            }
        }
        return new SnsCheck(topics, content("{{ timestamp }}", tolerance, TimestampUnit.ISO8601), fetcher);
    }

    /**
     * Standard Webhooks: signing secrets ({@code whsec_}, HMAC, {@code v1} entries), or the
     * provider's public keys ({@code whpk_}, ed25519, {@code v1a} entries) — not a mix.
     */
    private static Authenticator standardWebhooks(WebhookScheme.StandardWebhooks s, List<String> secrets, Duration tolerance) {
        long publicKeys = secrets.stream().filter(secret -> secret.strip().startsWith("whpk_")).count();
        SignedContent content = content("{{ headers." + s.idHeader() + " }}.{{ timestamp }}.{{ body }}", tolerance, TimestampUnit.SECONDS);
        if (publicKeys == 0) {
            return new MacCheck("HmacSHA256", keys(secrets, Encoding.BASE64, "whsec_", s.scheme()), content,
                    ClaimParsers.standardWebhooks(s.idHeader(), s.timestampHeader(), s.signatureHeader(), "v1"));
        }
        if (publicKeys < secrets.size()) {
            throw new ConnectorException("webhooks.verify (" + s.scheme() + "): give either signing secrets (whsec_...) or the sender's public keys"
                    + " (whpk_...), not one of each");
        }
        return new PublicKeyCheck(KeyAlgorithm.ED25519, PublicKeyCheck.parse(secrets, KeyAlgorithm.ED25519, s.scheme()), content,
                ClaimParsers.standardWebhooks(s.idHeader(), s.timestampHeader(), s.signatureHeader(), "v1a"));
    }

    private static SignedContent content(String template, Duration tolerance, TimestampUnit unit) {
        return new SignedContent(Template.parse(template), tolerance, unit);
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
