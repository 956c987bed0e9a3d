package dev.junction.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMACs computed with the JDK directly, for tests that check a signature apart from the code that makes it. */
public final class Hmacs {
    private Hmacs() {}

    /** The HMAC ({@code HmacSHA256}, ...) of {@code content} with {@code key}, both as UTF-8. */
    public static byte[] hmac(String algorithm, String key, String content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
