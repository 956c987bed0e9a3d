package dev.junction.http.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs RFC 7523 assertions (Nimbus JOSE+JWT): the jwt-bearer grant's (section 2.1) and a client's
 * ({@code private_key_jwt}, section 2.2), with {@code iss}, {@code sub}, {@code aud}, {@code iat},
 * {@code exp} ({@value #LIFETIME_MINUTES} minutes later) and a random {@code jti}. The key is a PEM
 * private key ({@link PemKeys}: PKCS#8, PKCS#1 or SEC1), parsed once: RSA signs RS256, an EC key
 * ES256, ES384 or ES512 by its curve. With the key's certificate, the header carries its SHA-256 and
 * SHA-1 thumbprints ({@code x5t#S256}, {@code x5t}), as Microsoft Entra ID asks. Thread-safe.
 */
final class JwtAssertion {
    static final long LIFETIME_MINUTES = 5;

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final Base64URL sha256Thumbprint;
    private final Base64URL sha1Thumbprint;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final String keyId;
    private final List<String> scopes;
    private final Clock clock;

    /**
     * @param certificatePem the key's PEM certificate, or null
     * @param audience the {@code aud} of {@link #sign()}; null when each call of {@link #sign(String)} names its own
     * @param scopes a {@code scope} claim (the jwt-bearer grant's); empty for none
     * @throws IllegalArgumentException when the key is not a PEM RSA or EC private key, or the
     *     certificate not a PEM X.509 certificate; the message starts with {@code auth.privateKey} or
     *     {@code auth.certificate} and never shows the key
     */
    JwtAssertion(String privateKeyPem, String passphrase, String certificatePem, String issuer, String subject, String audience, String keyId,
            List<String> scopes, Clock clock) {
        PrivateKey key = parse(privateKeyPem, passphrase);
        try {
            if (key instanceof ECPrivateKey ec) {
                ECDSASigner ecdsa = new ECDSASigner(ec);
                this.signer = ecdsa;
                this.algorithm = ecdsa.supportedJWSAlgorithms().iterator().next();
            } else {
                this.signer = new RSASSASigner(key);
                this.algorithm = JWSAlgorithm.RS256;
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth.privateKey is an EC key on a curve JWS does not sign with; expected P-256, P-384 or P-521");
        }
        byte[] certificate = certificatePem == null ? null : certificate(certificatePem, key);
        this.sha256Thumbprint = certificate == null ? null : Base64URL.encode(digest("SHA-256", certificate));
        this.sha1Thumbprint = certificate == null ? null : Base64URL.encode(digest("SHA-1", certificate));
        this.issuer = issuer;
        this.subject = subject;
        this.audience = audience;
        this.keyId = keyId;
        this.scopes = scopes;
        this.clock = clock;
    }

    /** A new assertion for the audience given when it was made. */
    String sign() {
        return sign(audience);
    }

    /** A new assertion for {@code audience} (a client's, for the endpoint it authenticates to). */
    @SuppressWarnings("deprecation") // x5t (SHA-1): Entra ID still reads it beside x5t#S256
    String sign(String audience) {
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
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId);
        if (sha256Thumbprint != null) {
            header.x509CertSHA256Thumbprint(sha256Thumbprint).x509CertThumbprint(sha1Thumbprint);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(algorithm + " signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static PrivateKey parse(String pem, String passphrase) {
        PrivateKey key = PemKeys.privateKey(pem, passphrase, "auth.privateKey", "auth.passphrase");
        if (!(key instanceof ECPrivateKey) && !(key instanceof java.security.interfaces.RSAPrivateKey)) {
            throw new IllegalArgumentException("auth.privateKey is a " + key.getAlgorithm() + " key; expected an RSA or EC key");
        }
        return key;
    }

    /**
     * The DER of a PEM X.509 certificate, checked to be {@code key}'s: what the key signs, the
     * certificate's public key verifies. A certificate of another key would have the server look for
     * the wrong key and refuse every assertion with an error that does not say why.
     */
    private static byte[] certificate(String pem, PrivateKey key) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(PemKeys.normalize(pem).strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("auth.certificate is not a PEM X.509 certificate; expected one starting with"
                    + " -----BEGIN CERTIFICATE-----");
        }
        String algorithm = key instanceof ECPrivateKey ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "junction: is this the key's certificate?".getBytes(StandardCharsets.US_ASCII);
        boolean pair;
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certificate.getPublicKey());
            verify.update(probe);
            pair = verify.verify(sign.sign());
        } catch (GeneralSecurityException e) {
            pair = false; // a certificate of another kind of key
        }
        if (!pair) {
            throw new IllegalArgumentException("auth.certificate is not the certificate of auth.privateKey (its public key, "
                    + certificate.getSubjectX500Principal().getName() + ", does not match the private key); give the certificate made for"
                    + " that key");
        }
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("auth.certificate cannot be encoded: " + e.getMessage());
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
