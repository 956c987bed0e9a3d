package dev.junction.sandbox.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks symmetric signatures: {@code v1,<base64 HMAC-SHA256 of "msgId.timestamp.body">}, keyed with the
 * bytes of a {@code whsec_<base64>} secret.
 */
final class WebhookSigner {

    static final String SECRET_PREFIX = "whsec_";
    static final int MIN_SECRET_BYTES = 24;
    static final int MAX_SECRET_BYTES = 64;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when the secret is not {@code whsec_} and base64 of 24 to 64 bytes */
    WebhookSigner(String secret) {
        this.key = new SecretKeySpec(decode(secret), ALGORITHM);
    }

    /** A new random secret of 32 bytes. */
    static String generateSecret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** Checks a secret's form; the message never contains the secret. */
    static void validate(String secret) {
        decode(secret);
    }

    /** The {@code webhook-signature} header value for one attempt. */
    String sign(String msgId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
        }
    }

    private static byte[] decode(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("secret must start with " + SECRET_PREFIX
                    + " followed by base64 (Standard Webhooks form)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret after " + SECRET_PREFIX + " must be standard base64");
        }
        if (bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must decode to " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " bytes, got " + bytes.length);
        }
        return bytes;
    }
}
