package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** PEM private keys as {@code openssl} writes them (the files in {@code src/test/resources/pem}, see its README). */
class PemKeysTest {
    private static final String FIELD = "auth.privateKey";
    private static final String PASS_FIELD = "auth.passphrase";

    @Test
    void readsPkcs1AndTheSameKeyFromEveryEncryptedForm() {
        PrivateKey pkcs1 = PemKeys.privateKey(file("rsa-pkcs1.pem"), null, FIELD, PASS_FIELD);
        PrivateKey pkcs8 = PemKeys.privateKey(file("rsa-pkcs8-encrypted.pem"), "correct-horse", FIELD, PASS_FIELD);
        PrivateKey legacy = PemKeys.privateKey(file("rsa-pkcs1-encrypted.pem"), "correct-horse", FIELD, PASS_FIELD);

        assertThat(pkcs1).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(pkcs8.getEncoded()).isEqualTo(pkcs1.getEncoded());
        assertThat(legacy.getEncoded()).isEqualTo(pkcs1.getEncoded());
    }

    @Test
    void readsPkcs8AsTheJdkWritesIt() {
        PrivateKey pkcs1 = PemKeys.privateKey(file("rsa-pkcs1.pem"), null, FIELD, null);
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1.getEncoded()) + "\n-----END PRIVATE KEY-----\n";

        assertThat(PemKeys.privateKey(pkcs8, null, FIELD, null).getEncoded()).isEqualTo(pkcs1.getEncoded());
    }

    @Test
    void readsSec1AfterItsParametersAndEd25519() {
        assertThat(PemKeys.privateKey(file("ec-sec1-with-params.pem"), null, FIELD, null)).isInstanceOf(ECPrivateKey.class)
                .extracting(k -> ((ECPrivateKey) k).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(PemKeys.privateKey(file("ed25519.pem"), null, FIELD, null).getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @Test
    void wordsBeforeTheKeyAreSkippedButADamagedBlockIsNot() {
        String text = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(new byte[] {0x30, 0x00}) + "\n-----END CERTIFICATE-----\n"
                + file("ec-sec1-with-params.pem");

        assertThatThrownBy(() -> PemKeys.privateKey(text, null, FIELD, null)).hasMessageStartingWith(FIELD + ": the PEM block cannot be read");
        assertThat(PemKeys.privateKey("some words first\n" + file("ec-sec1-with-params.pem"), null, FIELD, null)).isInstanceOf(ECPrivateKey.class);
    }

    /** A browser's one-line field drops the line breaks; a key copied out of a JSON file (Google's private_key) keeps the escapes. */
    @Test
    void aKeyPastedOnOneLineOrWithEscapedLineBreaksIsTheSameKey() {
        String pem = file("rsa-pkcs1.pem");
        byte[] expected = PemKeys.privateKey(pem, null, FIELD, null).getEncoded();
        String oneLine = pem.replace("\n", "");
        String escaped = pem.replace("\n", "\\n");

        assertThat(PemKeys.privateKey(oneLine, null, FIELD, null).getEncoded()).isEqualTo(expected);
        assertThat(PemKeys.privateKey(escaped, null, FIELD, null).getEncoded()).isEqualTo(expected);
        assertThat(PemKeys.privateKey(file("rsa-pkcs8-encrypted.pem").replace("\n", " "), "correct-horse", FIELD, PASS_FIELD).getEncoded())
                .isEqualTo(expected);
        assertThat(PemKeys.normalize(file("rsa-pkcs1-encrypted.pem"))).isEqualTo(file("rsa-pkcs1-encrypted.pem")); // headers: left as they are
    }

    @Test
    void refusalsNameTheFieldAndNeverShowTheKey() {
        String encrypted = file("rsa-pkcs8-encrypted.pem");
        assertThatThrownBy(() -> PemKeys.privateKey(encrypted, null, FIELD, PASS_FIELD))
                .hasMessage("auth.privateKey: the key is encrypted; give its passphrase as auth.passphrase");
        assertThatThrownBy(() -> PemKeys.privateKey(file("rsa-pkcs1-encrypted.pem"), null, FIELD, null))
                .hasMessage("auth.privateKey: the key is encrypted; give it decrypted (openssl pkcs8 -in key.pem -out key-plain.pem)");
        assertThatThrownBy(() -> PemKeys.privateKey(encrypted, "battery-staple", FIELD, PASS_FIELD))
                .hasMessage("auth.privateKey: the encrypted key cannot be decrypted with auth.passphrase; it is wrong or the key is damaged");
        assertThatThrownBy(() -> PemKeys.privateKey(file("rsa-pkcs1-encrypted.pem"), "battery-staple", FIELD, PASS_FIELD))
                .hasMessage("auth.privateKey: the encrypted key cannot be decrypted with auth.passphrase; it is wrong or the key is damaged");
        assertThatThrownBy(() -> PemKeys.privateKey(file("rsa-pkcs1.pem"), "correct-horse", FIELD, PASS_FIELD))
                .hasMessage("auth.privateKey: auth.passphrase is set but the key is not encrypted; remove passphrase");
        assertThatThrownBy(() -> PemKeys.privateKey("not a key at all", null, FIELD, null))
                .hasMessage("auth.privateKey: expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none");
        String damaged = "-----BEGIN RSA PRIVATE KEY-----\nMIIBsecretbits\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemKeys.privateKey(damaged, null, FIELD, null))
                .hasMessageStartingWith("auth.privateKey: the PEM block cannot be read as a private key").hasMessageNotContaining("secretbits");
    }

    private static String file(String name) {
        try (InputStream in = PemKeysTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
