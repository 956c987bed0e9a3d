package dev.junction.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (symmetric, {@code v1}): the signature is the base64 HMAC-SHA256, keyed
 * with the base64-decoded part of the {@code whsec_} secret, of {@code id.timestamp.body}, where the
 * timestamp is the attempt's Unix time in seconds and the body the exact bytes sent.
 */
public final class WebhookSigner {
    public static final String SECRET_PREFIX = "whsec_";
    /** Bytes of a new secret's key: within the 24 to 64 the spec allows. */
    static final int SECRET_BYTES = 32;

    private WebhookSigner() {}

    /** A new secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,<base64 signature>} of one secret. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The {@code webhook-signature} header: one signature per secret, space-separated (during a rotation, two). */
    public static String header(String id, long timestamp, byte[] body, String... secrets) {
        StringBuilder header = new StringBuilder();
        for (String secret : secrets) {
            if (secret != null) {
                header.append(header.isEmpty() ? "" : " ").append(sign(secret, id, timestamp, body));
            }
        }
        return header.toString();
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
