package dev.junction.http.internal;

import dev.junction.spec.AuthSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes naming a connection's OAuth 2.0 or session-login settings: stored tokens are used only with
 * the credentials they were obtained with, and pipelines share tokens only when every setting is the same.
 */
final class CredentialFingerprints {
    private CredentialFingerprints() {}

    /** Names the configured credentials (hashed), so tokens saved for other credentials are not reused. */
    static String credentials(AuthSpec.OAuth2 spec) {
        String named = sha256(spec.grant().yamlName(), String.valueOf(spec.tokenUrl()), String.valueOf(spec.clientId()),
                String.valueOf(spec.username()), String.valueOf(spec.refreshToken()), String.valueOf(spec.accessToken()),
                String.valueOf(spec.issuer()), String.valueOf(spec.subject()), String.join(" ", spec.scopes()));
        // as before without token parameters, so tokens stored before they existed stay good
        return spec.tokenParams().isEmpty() ? named : sha256(named, spec.tokenParams().toString());
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
                String.valueOf(spec.keyId()), String.valueOf(spec.refreshBefore()), String.valueOf(spec.tokenError()),
                String.valueOf(spec.assertionAudience()), String.valueOf(spec.certificate()), String.valueOf(spec.tokenResponse()));
    }

    /**
     * Names what a session login is made with (hashed): the login URL, method and body, whose values
     * are the credentials, and the login's own auth. A stored session of another login, or of a changed password, is not reused.
     */
    static String session(AuthSpec.Session spec) {
        java.util.List<String> parts = new java.util.ArrayList<>(java.util.List.of("session", spec.loginUrl(), spec.method()));
        new java.util.TreeMap<>(spec.body()).forEach((name, value) -> {
            parts.add(name);
            parts.add(String.valueOf(value));
        });
        if (spec.formBody() || !spec.headers().isEmpty()) { // absent from sessions stored before these settings: their hash stays
            parts.add(spec.formBody() ? "form" : "json");
            new java.util.TreeMap<>(spec.headers()).forEach((name, value) -> parts.add(name + ": " + value));
        }
        switch (spec.loginAuth()) { // a login made with another user or another app's key is another session
            case AuthSpec.Basic basic -> parts.addAll(java.util.Arrays.asList("basic", basic.username(), basic.password()));
            case AuthSpec.Jwt jwt -> parts.addAll(java.util.Arrays.asList("jwt", jwt.privateKey(), jwt.secret(), jwt.keyId(), String.valueOf(jwt.claims()),
                    String.valueOf(new java.util.TreeMap<>(jwt.values()))));
            case null, default -> { }
        }
        return sha256(parts.toArray(String[]::new));
    }

    /** Names every setting of a session login (hashed): pipelines of one connection share a session only when this is the same. */
    static String sessionSettings(AuthSpec.Session spec) {
        return sha256(session(spec), spec.tokenSource(), String.valueOf(spec.expiresInPath()), String.valueOf(spec.expiresAtPath()),
                String.valueOf(spec.ttl()));
    }

    private static String sha256(String... parts) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
