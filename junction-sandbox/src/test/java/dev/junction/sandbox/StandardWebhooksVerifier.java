package dev.junction.sandbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A Standard Webhooks verifier written for the tests, apart from the sandbox's signer: HMAC-SHA256 over
 * {@code id.timestamp.body} with the decoded {@code whsec_} secret, any {@code v1,} entry of the space-separated
 * signature list matching in constant time, and the timestamp within 5 minutes of now.
 */
final class StandardWebhooksVerifier {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    StandardWebhooksVerifier(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    /** True when the delivery is authentic and fresh. */
    boolean verify(String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        byte[] expected = Base64.getEncoder().encode(hmac(id + "." + timestamp + ".", body));
        for (String candidate : signatures.split(" ")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1") && MessageDigest.isEqual(expected,
                    candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    boolean verify(WebhookReceiver.Received r, Instant now) {
        return verify(r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"), r.body(),
                now);
    }

    private byte[] hmac(String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return mac.doFinal(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
