package dev.junction.spec.internal;

import dev.junction.spec.SnsTopics;
import dev.junction.spec.WebhookScheme.Encoding;
import dev.junction.spec.WebhookScheme;
import dev.junction.spec.WebhookVendor;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code webhooks.verify:} of a connector: the scheme, its parameters and its one or two secrets
 * ({@code secret: "{{ secrets.a }}"} or {@code secrets: ["{{ secrets.a }}", "{{ secrets.b }}"]},
 * each a reference to declared secrets).
 */
final class WebhookVerifyReader {
    private WebhookVerifyReader() {}

    /** Null when absent or wrong (reported). */
    static WebhookScheme read(Fields w, TemplateCheck templates) {
        Fields v = w.fields("verify", true);
        if (v == null) {
            return null;
        }
        String scheme = v.oneOf("scheme", Schema.WEBHOOK_SCHEMES, null);
        if (scheme == null) {
            v.allow(Schema.WEBHOOK_VERIFY_HMAC); // still report misspelt keys
            return null;
        }
        v.allow(switch (scheme) {
            case "hmac" -> Schema.WEBHOOK_VERIFY_HMAC;
            case "public-key" -> Schema.WEBHOOK_VERIFY_PUBLIC_KEY;
            case "shared-secret" -> Schema.WEBHOOK_VERIFY_SHARED_SECRET;
            case "hubspot" -> Schema.WEBHOOK_VERIFY_HUBSPOT;
            case "sns" -> Schema.WEBHOOK_VERIFY_SNS;
            case "paypal" -> Schema.WEBHOOK_VERIFY_PAYPAL;
            case "msgraph" -> Schema.WEBHOOK_VERIFY_MSGRAPH;
            default -> Schema.WEBHOOK_VERIFY;
        });
        List<String> secrets = switch (scheme) {
            case "sns" -> topics(v, templates);
            case "paypal" -> webhookIds(v, templates);
            default -> secrets(v, templates);
        };
        return switch (scheme) {
            case "hmac" -> hmac(v, secrets);
            case "public-key" -> publicKey(v, secrets);
            case "shared-secret" -> {
                String header = v.string("header", true);
                String prefix = v.string("prefix", false, "");
                yield secrets == null || header == null ? null : new WebhookScheme.SharedSecret(secrets, header.strip(), prefix);
            }
            case "standard-webhooks", "svix" -> secrets == null ? null : new WebhookScheme.StandardWebhooks(secrets, scheme.equals("svix"));
            case "basic" -> secrets == null ? null : new WebhookScheme.Basic(secrets);
            case "sns" -> secrets == null ? null : new WebhookScheme.Vendor(WebhookVendor.SNS, secrets);
            case "paypal" -> secrets == null ? null : new WebhookScheme.Vendor(WebhookVendor.PAYPAL, secrets);
            case "hubspot" -> {
                // v3 unless the connector names another: never a weaker version it did not ask for
                String version = v.oneOf("version", WebhookScheme.Vendor.HUBSPOT_VERSIONS, "v3");
                yield secrets == null || version == null ? null
                        : new WebhookScheme.Vendor(WebhookVendor.HUBSPOT, secrets, version.equals("v3") ? null : version);
            }
            case "msgraph" -> {
                String key = v.string("decryptionKey", false);
                templates.check(v, "decryptionKey", key, true);
                key = templates.secretReference(v, "decryptionKey", key);
                yield secrets == null || v.has("decryptionKey") && key == null ? null : new WebhookScheme.Vendor(WebhookVendor.MSGRAPH, secrets, null, key);
            }
            default -> secrets == null ? null : new WebhookScheme.Vendor(WebhookVendor.of(scheme), secrets); // a provider's own
        };
    }

    private static WebhookScheme.Hmac hmac(Fields v, List<String> secrets) {
        String algorithm = v.oneOf("algorithm", Schema.HMAC_ALGORITHMS, "sha256");
        String secretEncoding = v.oneOf("secretEncoding", Schema.SECRET_ENCODINGS, "text");
        WebhookScheme.Hmac.Pairs pairs = v.has("pairs") ? pairs(v) : null;
        Signed signed = v.has("pairs") && pairs == null ? null : signed(v, "hex", pairs);
        if (secrets == null || algorithm == null || secretEncoding == null || signed == null) {
            return null;
        }
        return new WebhookScheme.Hmac(secrets, WebhookScheme.Algorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)), signed.encoding(), signed.header(),
                signed.prefix(), signed.content(), signed.timestampHeader(), Encoding.valueOf(secretEncoding.toUpperCase(Locale.ROOT)), signed.unit(),
                pairs);
    }

    /** {@code pairs: { separator: ",", timestamp: t, signature: v1 }}: a header of key=value pairs; null when wrong (reported). */
    private static WebhookScheme.Hmac.Pairs pairs(Fields v) {
        Fields p = v.fields("pairs", false);
        if (p == null) {
            return null;
        }
        p.allow(Schema.WEBHOOK_PAIRS);
        String separator = p.string("separator", false, ",");
        String timestamp = p.string("timestamp", false);
        String signature = p.string("signature", true);
        if (separator != null && (separator.isEmpty() || separator.contains("="))) {
            p.problem("separator", "expected the text between the pairs, such as ',' or ';', found '" + separator + "'");
            return null;
        }
        if (v.has("prefix") || v.has("timestampHeader")) {
            v.problem(v.has("prefix") ? "prefix" : "timestampHeader", "with pairs the signature and the timestamp are read from the pairs"
                    + " of the header; remove " + (v.has("prefix") ? "prefix" : "timestampHeader"));
            return null;
        }
        return separator == null || signature == null ? null
                : new WebhookScheme.Hmac.Pairs(separator, timestamp == null ? null : timestamp.strip(), signature.strip());
    }

    private static WebhookScheme.PublicKey publicKey(Fields v, List<String> secrets) {
        String algorithm = v.oneOf("algorithm", Schema.PUBLIC_KEY_ALGORITHMS, null);
        Signed signed = signed(v, "base64", null);
        if (secrets == null || algorithm == null || signed == null) {
            return null;
        }
        return new WebhookScheme.PublicKey(secrets, WebhookScheme.KeyAlgorithm.valueOf(algorithm.toUpperCase(Locale.ROOT).replace('-', '_')),
                signed.encoding(), signed.header(), signed.prefix(), signed.content(), signed.timestampHeader(), signed.unit());
    }

    /** What the generic schemes share: where the signature is, how it is written, what it signs, and the signed time. */
    private record Signed(Encoding encoding, String header, String prefix, String content, String timestampHeader, WebhookScheme.TimestampUnit unit) {}

    /** Null when a key is wrong (reported). */
    private static Signed signed(Fields v, String defaultEncoding, WebhookScheme.Hmac.Pairs pairs) {
        String encoding = v.oneOf("encoding", Schema.SIGNATURE_ENCODINGS, defaultEncoding);
        String header = v.string("header", true);
        String prefix = v.string("prefix", false, "");
        String timestampHeader = v.string("timestampHeader", false);
        String timestampUnit = v.oneOf("timestampUnit", Schema.TIMESTAMP_UNITS, "seconds");
        if (v.has("timestampUnit") && timestampHeader == null && (pairs == null || pairs.timestamp() == null)) {
            v.problem("timestampUnit", "timestampUnit says how the timestampHeader's value counts time, but no timestampHeader is named");
            timestampUnit = null;
        }
        String signedContent = v.string("signedContent", false, WebhookScheme.Hmac.BODY_ONLY);
        String timestampSource = pairs != null ? pairs.timestamp() : timestampHeader;
        boolean contentOk = signedContent(v, signedContent, timestampSource, pairs != null ? "pairs" : "timestampHeader");
        if (encoding == null || header == null || timestampUnit == null || !contentOk) {
            return null;
        }
        return new Signed(Encoding.valueOf(encoding.toUpperCase(Locale.ROOT)), header.strip(), prefix, signedContent,
                timestampHeader == null ? null : timestampHeader.strip(), WebhookScheme.TimestampUnit.valueOf(timestampUnit.toUpperCase(Locale.ROOT)));
    }

    /**
     * Checks the signed-content template: known variables only, the body always in it (else the
     * body would go unauthenticated), the timestamp in it exactly when a timestamp header is named.
     */
    private static boolean signedContent(Fields v, String text, String timestampHeader, String timestampKey) {
        if (text == null) {
            return false;
        }
        Template template;
        try {
            template = Template.parse(text);
        } catch (IllegalArgumentException e) {
            v.problem("signedContent", e.getMessage());
            return false;
        }
        boolean ok = true;
        for (String variable : template.variables()) {
            boolean known = List.of("body", "timestamp", "method", "url", "form").contains(variable) || variable.startsWith("headers.")
                    || variable.startsWith("query.");
            if (!known) {
                v.problem("signedContent", "unknown template variable '" + variable + "'"
                        + DidYouMean.hint(variable, Schema.SIGNED_CONTENT_VARIABLES) + " (known: " + String.join(", ", Schema.SIGNED_CONTENT_VARIABLES) + ")");
                ok = false;
            }
        }
        if (!template.variables().contains("body")) {
            v.problem(v.has("signedContent") ? "signedContent" : "header",
                    "signedContent must contain {{ body }}, so that the body is authenticated; found '" + text + "'");
            ok = false;
        }
        boolean usesTimestamp = template.variables().contains("timestamp");
        if (usesTimestamp && timestampHeader == null) {
            v.problem("signedContent", "{{ timestamp }} needs " + (timestampKey.equals("pairs") ? "pairs.timestamp, the key of the signed time in the header"
                    : "timestampHeader, the header the provider sends the signed Unix time in"));
            ok = false;
        } else if (!usesTimestamp && timestampHeader != null) {
            v.problem(timestampKey, "the timestamp is not in signedContent, so it is not signed and protects nothing; add {{ timestamp }}"
                    + " to signedContent as the provider signs it, such as \"{{ timestamp }}.{{ body }}\"");
            ok = false;
        }
        return ok;
    }

    /** The secret templates, or null (reported): exactly one of {@code secret} and {@code secrets}, one or two references. */
    private static List<String> secrets(Fields v, TemplateCheck templates) {
        if (v.has("secret") && v.has("secrets")) {
            v.problem("secrets", "give either secret or secrets (a list of the current and the previous secret), not both");
            return null;
        }
        if (!v.has("secret") && !v.has("secrets")) {
            v.missing("secret", " (or 'secrets': the current and, during a rotation, the previous one), such as \"{{ secrets.webhookSecret }}\"");
            return null;
        }
        return items(v, v.has("secret") ? "secret" : "secrets", Schema.MAX_WEBHOOK_SECRETS,
                "one or two secrets (the current one, then the previous one during a rotation)", (text, item, path) -> {
                    if (isRegistrationReference(text) || isHandshakeSecretReference(text)) {
                        return; // the register action's answer, or the secret sent while registering: checked where those are read
                    }
                    int before = v.problems().size();
                    templates.check(text, item.location(), path, true);
                    if (v.problems().size() == before && !isSecretReference(text)) {
                        v.problems().add(item.location(), path, "expected a reference to a declared secret such as \"{{ secrets.webhookSecret }}\","
                                + " or to a field of the webhook's registration such as \"{{ registration.signature_key }}\", found '"
                                + (Template.parse(text).isConstant() ? "literal text" : text)
                                + "'; a webhook secret comes from each connection, never from the connector");
                    }
                });
    }

    /** Checks one item's text, written at {@code item} ({@code path}), reporting what is wrong with it. */
    @FunctionalInterface
    private interface ItemCheck {
        void check(String text, YamlNode item, String path);
    }

    /**
     * The texts at {@code key}, one scalar or a list of 1 to {@code max} ({@code expected} says so in
     * a problem), each checked by {@code check}; null when one is wrong (reported).
     */
    private static List<String> items(Fields v, String key, int max, String expected, ItemCheck check) {
        YamlNode node = v.node(key);
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : List.of(node);
        if (items.isEmpty() || items.size() > max) {
            v.problem(key, "expected " + expected + ", found " + items.size());
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String path = v.child(key) + (node instanceof YamlNode.Sequence ? "[" + i + "]" : "");
            String text = Fields.text(item, path, v.problems());
            if (text == null) {
                ok = false;
                continue;
            }
            int before = v.problems().size();
            check.check(text, item, path);
            ok &= v.problems().size() == before;
            out.add(text);
        }
        return ok ? out : null;
    }

    /**
     * The topics of sns, or null (reported): exactly one of {@code topic} and {@code topics}, each a
     * topic ARN (or a pattern with {@code *}) naming its account, or a template over the connection's
     * config such as {@code "{{ config.topicArn }}"} (checked when the connection's verifier is made).
     */
    private static List<String> topics(Fields v, TemplateCheck templates) {
        if (v.has("topic") && v.has("topics")) {
            v.problem("topics", "give either topic or topics (a list), not both");
            return null;
        }
        if (!v.has("topic") && !v.has("topics")) {
            v.missing("topic", " (or 'topics'): the ARN of the SNS topic this connection takes, such as arn:aws:sns:us-east-1:123456789012:orders"
                    + " or \"{{ config.topicArn }}\"; Amazon signs every topic's messages alike, so without it any AWS account's topic could"
                    + " deliver here");
            return null;
        }
        return items(v, v.has("topic") ? "topic" : "topics", Schema.MAX_SNS_TOPICS, "1 to " + Schema.MAX_SNS_TOPICS + " topics", (text, item, path) -> {
            int before = v.problems().size();
            templates.check(text, item.location(), path, false);
            String problem = v.problems().size() == before && Template.parse(text).isConstant() ? SnsTopics.problem(text) : null;
            if (problem != null) {
                v.problems().add(item.location(), path, problem);
            }
        });
    }

    /** {@code {{ registration.FIELD }}} (or a nested field, {@code registration.subscription.signature_key}), alone. */
    static boolean isRegistrationReference(String text) {
        return REGISTRATION_REFERENCE.matcher(text).matches();
    }

    /** {@code {{ handshake.secret }}}, alone: the secret the provider sent in the handshake's {@code secretHeader}. */
    static boolean isHandshakeSecretReference(String text) {
        return HANDSHAKE_SECRET.matcher(text).matches();
    }

    private static final java.util.regex.Pattern HANDSHAKE_SECRET = java.util.regex.Pattern.compile("\\{\\{\\s*handshake\\.secret\\s*}}");

    private static final java.util.regex.Pattern REGISTRATION_REFERENCE =
            java.util.regex.Pattern.compile("\\{\\{\\s*registration(\\.[A-Za-z0-9_-]+)+\\s*}}");

    /**
     * The webhook ids of paypal, or null (reported): {@code webhookId}, one id or a list of two (the
     * current one, then the previous one while moving to a new webhook), each literal (PayPal's
     * simulator signs its mock events for the id {@code WEBHOOK_ID}) or a template over the
     * connection's config or secrets, such as {@code "{{ config.webhookId }}"}.
     */
    private static List<String> webhookIds(Fields v, TemplateCheck templates) {
        if (!v.has("webhookId")) {
            v.missing("webhookId", ": the id PayPal shows for the webhook, such as \"{{ config.webhookId }}\"; PayPal signs every webhook's"
                    + " deliveries with the same certificate, and the id it signs with each is what ties a delivery to this connection");
            return null;
        }
        return items(v, "webhookId", Schema.MAX_PAYPAL_WEBHOOK_IDS, "one webhook id, or two: the current one, then the previous one",
                (text, item, path) -> {
                    int before = v.problems().size();
                    templates.check(text, item.location(), path, true);
                    if (v.problems().size() == before && Template.parse(text).isConstant() && !PAYPAL_WEBHOOK_ID.matcher(text).matches()) {
                        v.problems().add(item.location(), path, "expected the id PayPal shows for the webhook (letters and digits, such as"
                                + " 8PT597110X687430LKGECATA) or a template such as \"{{ config.webhookId }}\", found '" + text + "'");
                    }
                });
    }

    /** A webhook id as PayPal writes it (its API: letters and digits, at most 50; its simulator's {@code WEBHOOK_ID}). */
    private static final java.util.regex.Pattern PAYPAL_WEBHOOK_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,50}");

    private static boolean isSecretReference(String text) {
        Template template = Template.parse(text);
        return !template.isConstant() && template.variables().stream().allMatch(variable -> variable.startsWith("secrets."));
    }
}
