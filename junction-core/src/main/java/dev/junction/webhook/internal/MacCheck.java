package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC signature check, the shape every signing scheme shares: read the claim from the headers,
 * check the signed timestamp against the tolerance, compute the MAC of the signed content (see
 * {@link SignedContent}) with each key (current, then previous) and compare it with each claimed
 * signature in constant time.
 */
final class MacCheck implements Authenticator {
    private final String algorithm;
    private final List<SecretKeySpec> keys;
    private final SignedContent content;
    private final ClaimParsers.ClaimParser parser;

    MacCheck(String algorithm, List<byte[]> keys, SignedContent content, ClaimParsers.ClaimParser parser) {
        this.algorithm = algorithm;
        this.keys = keys.stream().map(key -> new SecretKeySpec(key, algorithm)).toList();
        this.content = content;
        this.parser = parser;
        mac(); // fail now, not on the first delivery, when the JDK lacks the algorithm
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        Claim claim = parser.parse(delivery);
        WebhookResult.Rejected refused = content.precheck(delivery, claim);
        if (refused != null) {
            return refused;
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
        return content.mismatch();
    }

    private byte[] sign(Mac mac, SecretKeySpec key, WebhookDelivery delivery, String timestamp) {
        try {
            mac.init(key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("webhook key rejected by " + algorithm, e);
        }
        content.write(delivery, timestamp, mac::update);
        return mac.doFinal();
    }

    /** The HMAC of {@code content} with {@code key} in one go (the key's algorithm), for checks that sign no template. */
    static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + key.getAlgorithm(), e);
        }
    }

    private Mac mac() {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + algorithm, e);
        }
    }
}
