package dev.junction.webhook.internal;

import dev.junction.template.Template;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC signature check, the shape every signing scheme shares: read the claim from the headers,
 * check the signed timestamp against the tolerance, compute the MAC of the signed content with
 * each key (current, then previous) and compare it with each claimed signature in constant time.
 *
 * <p>The signed content is a template: {@code {{ body }}} is the raw body byte for byte,
 * {@code {{ timestamp }}} the timestamp exactly as sent, {@code {{ headers.NAME }}} and
 * {@code {{ query.NAME }}} a header or query value, {@code {{ method }}} and {@code {{ url }}} the
 * request's method and the URL the provider called, {@code {{ form }}} the form fields sorted by
 * name, each name followed by its value (Twilio); literal text is UTF-8.
 */
final class MacCheck implements Authenticator {
    private final String algorithm;
    private final List<SecretKeySpec> keys;
    private final Template signedContent;
    private final ClaimParsers.ClaimParser parser;
    private final Duration tolerance;
    private final boolean millis;
    private final boolean needsUrl;

    MacCheck(String algorithm, List<byte[]> keys, Template signedContent, ClaimParsers.ClaimParser parser, Duration tolerance) {
        this(algorithm, keys, signedContent, parser, tolerance, false);
    }

    /** @param millis whether the signed timestamp is Unix time in milliseconds (HubSpot) rather than seconds */
    MacCheck(String algorithm, List<byte[]> keys, Template signedContent, ClaimParsers.ClaimParser parser, Duration tolerance, boolean millis) {
        this.millis = millis;
        this.needsUrl = signedContent.variables().stream().anyMatch(v -> v.equals("url") || v.equals(SignedValues.HUBSPOT_URI));
        this.algorithm = algorithm;
        this.keys = keys.stream().map(key -> new SecretKeySpec(key, algorithm)).toList();
        this.signedContent = signedContent;
        this.parser = parser;
        this.tolerance = tolerance;
        mac(); // fail now, not on the first delivery, when the JDK lacks the algorithm
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        Claim claim = parser.parse(delivery);
        if (claim.rejected() != null) {
            return claim.rejected();
        }
        if (needsUrl && delivery.url() == null) {
            return Authenticator.refuse(401, "the URL the provider called is not known here, so its signature over the URL cannot be checked");
        }
        if (claim.timestamp() != null) {
            WebhookResult.Rejected stale = checkTimestamp(claim.timestamp(), delivery.receivedAt());
            if (stale != null) {
                return stale;
            }
        }
        Mac mac = mac();
        for (SecretKeySpec key : keys) {
            byte[] expected = sign(mac, key, delivery, claim.timestamp());
            for (byte[] signature : claim.signatures()) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return null;
                }
            }
        }
        return Authenticator.refuse(401, "signature does not match");
    }

    /** Rejects a timestamp that is not whole Unix seconds (or milliseconds), or further than the tolerance from {@code now} either way. */
    private WebhookResult.Rejected checkTimestamp(String text, Instant now) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Authenticator.refuse(400, "malformed timestamp; expected Unix time in " + (millis ? "milliseconds" : "seconds"));
        }
        long skew = millis ? Math.floorDiv(now.toEpochMilli() - value, 1000L) : now.getEpochSecond() - value;
        if (skew > tolerance.toSeconds()) {
            return Authenticator.refuse(401, "timestamp is older than the tolerance of " + tolerance.toSeconds() + "s");
        }
        if (-skew > tolerance.toSeconds()) {
            return Authenticator.refuse(401, "timestamp is further in the future than the tolerance of " + tolerance.toSeconds() + "s");
        }
        return null;
    }

    private byte[] sign(Mac mac, SecretKeySpec key, WebhookDelivery delivery, String timestamp) {
        try {
            mac.init(key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("webhook key rejected by " + algorithm, e);
        }
        signedContent.forEachPart(
                literal -> mac.update(literal.getBytes(StandardCharsets.UTF_8)),
                variable -> {
                    if (variable.equals("body")) {
                        mac.update(delivery.body());
                    } else {
                        String value = variable.equals("timestamp") ? timestamp : SignedValues.value(variable, delivery);
                        mac.update((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
                    }
                });
        return mac.doFinal();
    }

    private Mac mac() {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + algorithm, e);
        }
    }
}
