package dev.junction.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks receiver's check, written from the spec for the tests and sharing no code with
 * Junction's signer: the key is the base64 after {@code whsec_}; the signed content is
 * {@code id.timestamp.body}; the header holds space-separated {@code v1,<base64>} signatures, any
 * one of which may match (constant-time comparison); the timestamp must be within the tolerance.
 */
final class StandardWebhooksVerifier {
    private final byte[] key;

    StandardWebhooksVerifier(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    String expectedSignature(String id, long timestamp, String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] mac = hmac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the headers sign the body, with the timestamp within {@code toleranceSeconds} of {@code nowSeconds}. */
    boolean verify(String id, String timestamp, String signatureHeader, String body, long nowSeconds, long toleranceSeconds) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long at = Long.parseLong(timestamp);
        if (Math.abs(nowSeconds - at) > toleranceSeconds) {
            return false;
        }
        byte[] expected = expectedSignature(id, at, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
