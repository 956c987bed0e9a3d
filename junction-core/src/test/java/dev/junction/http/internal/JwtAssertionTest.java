package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.webhook.TestAuthority;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a signing key and its certificate must be before any assertion is signed. */
class JwtAssertionTest {
    private static final Instant NOW = Instant.now();

    @Test
    void aCertificateOfTheKeyGivesItsThumbprintsAndOneOfAnotherKeyIsRefusedNamingIt() throws Exception {
        TestAuthority.Signer mine = TestAuthority.selfSigned("junction-client", NOW.minusSeconds(60), NOW.plusSeconds(3600));
        String other = TestAuthority.pem(TestAuthority.create(NOW).root()); // the root's own key, not the signer's

        String signed = new JwtAssertion(pem(mine.key()), null, mine.pem(), "app", "app", "https://auth.example/token", null, List.of(), Clock.systemUTC()).sign();

        assertThat(SignedJWT.parse(signed).getHeader().getX509CertSHA256Thumbprint()).isNotNull();
        assertThatThrownBy(() -> new JwtAssertion(pem(mine.key()), null, other, "app", "app", "aud", null, List.of(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("auth.certificate is not the certificate of auth.privateKey (its public key, CN=")
                .hasMessageEndingWith(", does not match the private key); give the certificate made for that key")
                .hasMessageNotContaining(pem(mine.key()).substring(40, 80));
    }

    @Test
    void anEcKeyWithAnRsaCertificateIsRefusedAndTheCurveChoosesTheAlgorithm() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair ec = generator.generateKeyPair();
        TestAuthority.Signer rsa = TestAuthority.selfSigned("rsa-only", NOW.minusSeconds(60), NOW.plusSeconds(3600));

        String signed = new JwtAssertion(pem(ec), null, null, "app", "app", "aud", "k9", List.of(), Clock.systemUTC()).sign();

        assertThat(SignedJWT.parse(signed).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES512);
        assertThatThrownBy(() -> new JwtAssertion(pem(ec), null, rsa.pem(), "app", "app", "aud", null, List.of(), Clock.systemUTC()))
                .hasMessageStartingWith("auth.certificate is not the certificate of auth.privateKey");
        assertThatThrownBy(() -> new JwtAssertion("-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----", null, null, "app", "app", "aud", null,
                List.of(), Clock.systemUTC())).hasMessageStartingWith("auth.privateKey: the PEM block cannot be read as a private key");
    }

    @Test
    void aPkcs1KeyAsGitHubAndOpenSslHandThemOutSignsRs256() throws Exception {
        String pkcs1;
        try (var in = JwtAssertionTest.class.getResourceAsStream("/pem/rsa-pkcs1.pem")) {
            pkcs1 = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        SignedJWT jwt = SignedJWT.parse(new JwtAssertion(pkcs1, null, null, "app", "app", "aud", null, List.of(), Clock.systemUTC()).sign());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey) PemKeys.privateKey(pkcs1, null, "k", null);
        var publicKey = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(publicKey))).isTrue();
    }

    /** An encrypted PKCS#8 key and OpenSSL's legacy encrypted PKCS#1 (Proc-Type: 4,ENCRYPTED) sign with their passphrase. */
    @Test
    void anEncryptedKeySignsWithItsPassphraseAndWithoutItTheErrorNamesPassphrase() throws Exception {
        String pkcs1 = resource("rsa-pkcs1.pem");
        java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey) PemKeys.privateKey(pkcs1, null, "k", null);
        var publicKey = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));

        for (String encrypted : List.of(resource("rsa-pkcs8-encrypted.pem"), resource("rsa-pkcs1-encrypted.pem"))) {
            SignedJWT jwt = SignedJWT.parse(new JwtAssertion(encrypted, "correct-horse", null, "app", "app", "aud", null, List.of(), Clock.systemUTC())
                    .sign());
            assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(publicKey))).isTrue();
            assertThatThrownBy(() -> new JwtAssertion(encrypted, null, null, "app", "app", "aud", null, List.of(), Clock.systemUTC()))
                    .hasMessage("auth.privateKey: the key is encrypted; give its passphrase as auth.passphrase");
            assertThatThrownBy(() -> new JwtAssertion(encrypted, "battery-staple", null, "app", "app", "aud", null, List.of(), Clock.systemUTC()))
                    .hasMessage("auth.privateKey: the encrypted key cannot be decrypted with auth.passphrase; it is wrong or the key is damaged");
        }
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = JwtAssertionTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
