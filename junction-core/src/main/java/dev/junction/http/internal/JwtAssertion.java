package dev.junction.http.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs RFC 7523 JWT-bearer assertions with RS256 (Nimbus JOSE+JWT): {@code iss}, {@code sub},
 * {@code aud}, {@code iat}, {@code exp} ({@value #LIFETIME_MINUTES} minutes later) and a random
 * {@code jti}. The key is a PEM PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}),
 * parsed once. Thread-safe.
 */
final class JwtAssertion {
    static final long LIFETIME_MINUTES = 5;

    private final RSASSASigner signer;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final String keyId;
    private final List<String> scopes;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException when the key is not a PEM PKCS#8 RSA private key; the
     *     message starts with {@code auth.privateKey} and never shows the key
     */
    JwtAssertion(String privateKeyPem, String issuer, String subject, String audience, String keyId, List<String> scopes,
            Clock clock) {
        this.signer = new RSASSASigner(parse(privateKeyPem));
        this.issuer = issuer;
        this.subject = subject;
        this.audience = audience;
        this.keyId = keyId;
        this.scopes = scopes;
        this.clock = clock;
    }

    String sign() {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(LIFETIME_MINUTES))))
                .jwtID(UUID.randomUUID().toString());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("RS256 signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static PrivateKey parse(String pem) {
        String text = pem == null ? "" : pem.strip();
        if (text.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("auth.privateKey is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        if (!text.startsWith("-----BEGIN PRIVATE KEY-----") || !text.contains("-----END PRIVATE KEY-----")) {
            throw new IllegalArgumentException("auth.privateKey is not a PEM private key; expected a PKCS#8 RSA key starting with"
                    + " -----BEGIN PRIVATE KEY-----");
        }
        String base64 = text.substring("-----BEGIN PRIVATE KEY-----".length(), text.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("auth.privateKey is not a valid PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }
}
