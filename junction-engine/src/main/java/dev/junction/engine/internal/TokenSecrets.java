package dev.junction.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Token ids, secrets and secret hashes. A secret is {@code jct_} and 32 random bytes in base64url
 * without padding (43 characters); its hash is the SHA-256 of the whole secret's UTF-8 bytes in
 * lower-case hex. An id is {@code tok_} and 10 random characters of {@code [0-9a-z]}.
 */
public final class TokenSecrets {
    public static final String SECRET_PREFIX = "jct_";
    public static final String ID_PREFIX = "tok_";
    private static final int SECRET_BYTES = 32;
    private static final int ID_CHARS = 10;
    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(SECRET_PREFIX) + "[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String newId() {
        StringBuilder id = new StringBuilder(ID_PREFIX);
        for (int i = 0; i < ID_CHARS; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** Whether {@code text} has the shape of a secret (not whether one was ever issued). */
    public static boolean looksLikeSecret(String text) {
        return text != null && SECRET.matcher(text).matches();
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }
}
