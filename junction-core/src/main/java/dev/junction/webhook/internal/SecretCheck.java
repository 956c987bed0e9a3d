package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A credential sent as is: a shared-secret header ({@code prefix} + secret) or HTTP Basic
 * ({@code user:password}). Both sides are hashed with SHA-256 before the constant-time
 * comparison, so neither the time nor the length of the comparison depends on the secret.
 */
final class SecretCheck implements Authenticator {
    private final String header;
    private final String prefix;
    private final boolean basic;
    private final List<byte[]> expected;

    private SecretCheck(String header, String prefix, boolean basic, List<String> secrets) {
        this.header = header;
        this.prefix = prefix;
        this.basic = basic;
        this.expected = secrets.stream().map(s -> sha256(s.getBytes(StandardCharsets.UTF_8))).toList();
    }

    static SecretCheck header(String header, String prefix, List<String> secrets) {
        return new SecretCheck(header, prefix, false, secrets);
    }

    /** Each secret is {@code user:password}. */
    static SecretCheck basic(List<String> credentials) {
        return new SecretCheck("Authorization", "Basic ", true, credentials);
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        String value = delivery.header(header);
        if (value == null || value.isBlank()) {
            return Authenticator.refuse(401, "missing header " + header);
        }
        value = value.strip();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Authenticator.refuse(basic ? 401 : 400, basic ? "expected Basic credentials in Authorization"
                    : "malformed header " + header + "; expected it to start with '" + prefix.strip() + "'");
        }
        byte[] given;
        if (basic) {
            try {
                given = Base64.getDecoder().decode(value.substring(prefix.length()).strip());
            } catch (IllegalArgumentException e) {
                return Authenticator.refuse(400, "malformed header Authorization; expected Basic and base64 of user:password");
            }
        } else {
            given = value.substring(prefix.length()).getBytes(StandardCharsets.UTF_8);
        }
        byte[] hash = sha256(given);
        boolean match = false;
        for (byte[] secret : expected) {
            match |= MessageDigest.isEqual(hash, secret);
        }
        return match ? null : Authenticator.refuse(401, basic ? "wrong credentials" : "wrong secret in header " + header);
    }

    /** The SHA-256 of {@code bytes}: what secrets are compared as, in constant time. */
    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
