package dev.junction.http.internal;

import dev.junction.spec.AuthSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes naming a connection's OAuth 2.0 settings: stored tokens are used only with the credentials
 * they were obtained with, and pipelines share tokens only when every setting is the same.
 */
final class OAuth2Fingerprints {
    private OAuth2Fingerprints() {}

    /** Names the configured credentials (hashed), so tokens saved for other credentials are not reused. */
    static String credentials(AuthSpec.OAuth2 spec) {
        return sha256(spec.grant().yamlName(), String.valueOf(spec.tokenUrl()), String.valueOf(spec.clientId()),
                String.valueOf(spec.username()), String.valueOf(spec.refreshToken()), String.valueOf(spec.accessToken()),
                String.valueOf(spec.issuer()), String.valueOf(spec.subject()), String.join(" ", spec.scopes()));
    }

    /** Names the configured secrets (hashed): a changed client secret, password or key does not reuse old tokens. */
    static String secrets(AuthSpec.OAuth2 spec) {
        return sha256(String.valueOf(spec.clientSecret()), String.valueOf(spec.password()), String.valueOf(spec.privateKey()));
    }

    /**
     * Names every setting of {@code spec} (hashed), secrets included: pipelines of one connection share
     * tokens only when this is the same.
     */
    static String settings(AuthSpec.OAuth2 spec) {
        return sha256(credentials(spec), secrets(spec), String.valueOf(spec.clientAuth()), String.valueOf(spec.audience()),
                String.valueOf(spec.keyId()), String.valueOf(spec.refreshBefore()), String.valueOf(spec.tokenError()));
    }

    private static String sha256(String... parts) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
